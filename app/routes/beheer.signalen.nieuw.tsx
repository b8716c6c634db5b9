import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { SignalForm } from "~/components/signal-form";
import { SignalSchema, UNKNOWN_THEME } from "~/models/circle.schema";
import { recordSignal } from "~/models/circle.server";
import { listThemes } from "~/models/theme.server";
import { amsterdamDay } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const theme = Number(new URL(request.url).searchParams.get("thema"));
  const themes = listThemes().map((t) => ({ id: t.id, name: t.name }));
  return {
    themes,
    today: amsterdamDay(),
    themeId: themes.some((t) => t.id === theme) ? String(theme) : "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: SignalSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = recordSignal({ actorId: user.id, input: submission.value });
  if (result.status === "unknown-theme") {
    return data(submission.reply({ fieldErrors: { themeId: [UNKNOWN_THEME] } }), { status: 400 });
  }
  if (result.status !== "ok") throw new Response("Alleen coördinatoren leggen signalen vast.", { status: 403 });
  return redirectWithFlash("/beheer/signalen", "Het signaal is vastgelegd.");
}

export default function NewSignal() {
  const { themes, today, themeId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/signalen">← Signalen</Link>
      </p>
      <h1>Signaal vastleggen</h1>
      <SignalForm
        lastResult={lastResult}
        defaultValue={{ observedOn: today, themeId }}
        themes={themes}
        today={today}
        submitLabel="Signaal vastleggen"
      />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Signaal vastleggen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
