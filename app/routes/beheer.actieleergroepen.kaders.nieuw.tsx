import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { GroupFrameForm } from "~/components/group-frame-form";
import { FrameSchema } from "~/models/group.schema";
import { createFrame } from "~/models/group.server";
import { listThemes } from "~/models/theme.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  return { themes: listThemes().map((t) => ({ id: t.id, name: t.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: FrameSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createFrame({ actorId: user.id, input: submission.value });
  if (result.status === "forbidden") {
    throw new Response("Alleen coördinatoren maken een kader.", { status: 403 });
  }
  if (result.status === "unknown-theme") {
    return data(
      submission.reply({ fieldErrors: { themeId: ["Dit thema bestaat niet (meer). Kies een ander thema."] } }),
      { status: 400 },
    );
  }
  return redirectWithFlash("/beheer/actieleergroepen#kaders", `Het kader ${submission.value.name} is opgeslagen.`);
}

export default function NewFrame() {
  const { themes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/actieleergroepen">← Actieleergroepen</Link>
      </p>
      <h1>Nieuw kader</h1>
      <p>
        Een kader is de opzet waarmee je een actieleergroep start: de leervraag, het aantal bijeenkomsten en de
        afspraken. Bij het starten van een groep pas je het aan waar nodig; het kader zelf blijft zoals het is.
      </p>
      <GroupFrameForm
        lastResult={lastResult}
        defaultValue={{ plannedMeetings: "6", meetingIntervalWeeks: "4", maxMembers: "12" }}
        themes={themes}
        submitLabel="Kader opslaan"
      />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Nieuw kader");

export function ErrorBoundary() {
  return <ErrorPage />;
}
