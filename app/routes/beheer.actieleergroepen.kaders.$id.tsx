import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { GroupFrameForm, setupDefaults } from "~/components/group-frame-form";
import { FrameSchema } from "~/models/group.schema";
import { getFrame, updateFrame } from "~/models/group.server";
import { listThemes } from "~/models/theme.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

const NOT_FOUND = "Kader niet gevonden";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const frame = getFrame(requireIdParam(params, "Kader"));
  if (!frame) throw new Response(NOT_FOUND, { status: 404 });
  return {
    frame: { id: frame.id, name: frame.name },
    defaults: { name: frame.name, ...setupDefaults(frame) },
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const id = requireIdParam(params, "Kader");
  const submission = parseWithZod(await readFormData(request), { schema: FrameSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateFrame({ actorId: user.id, id, input: submission.value });
  if (result.status === "not-found") throw new Response(NOT_FOUND, { status: 404 });
  if (result.status === "forbidden") {
    throw new Response("Alleen coördinatoren wijzigen een kader.", { status: 403 });
  }
  if (result.status === "unknown-theme") {
    return data(
      submission.reply({ fieldErrors: { themeId: ["Dit thema bestaat niet (meer). Kies een ander thema."] } }),
      { status: 400 },
    );
  }
  return redirectWithFlash("/beheer/actieleergroepen#kaders", `Het kader ${submission.value.name} is bijgewerkt.`);
}

export default function EditFrame() {
  const { frame, defaults, themes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/actieleergroepen">← Actieleergroepen</Link>
      </p>
      <h1>Kader {frame.name} wijzigen</h1>
      <p className="hint">
        Groepen die al met dit kader zijn gestart, houden hun eigen opzet: een wijziging hier geldt alleen voor groepen
        die je hierna start.
      </p>
      <p>
        <Link className="button button--secondary" to={`/beheer/actieleergroepen/nieuw?kader=${frame.id}`}>
          Groep starten met dit kader
        </Link>
      </p>
      <GroupFrameForm
        lastResult={lastResult}
        defaultValue={defaults}
        themes={themes}
        submitLabel="Wijzigingen opslaan"
      />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Kader ${data.frame.name} wijzigen` : "Kader");

export function ErrorBoundary() {
  return <ErrorPage />;
}
