import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { SignalForm } from "~/components/signal-form";
import { SignalSchema, UNKNOWN_THEME } from "~/models/circle.schema";
import { getSignal, updateSignal } from "~/models/circle.server";
import { listThemes } from "~/models/theme.server";
import { amsterdamDay, formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

const NOT_FOUND = "Signaal niet gevonden";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const signal = getSignal(requireIdParam(params, "Signaal"));
  if (!signal) throw new Response(NOT_FOUND, { status: 404 });
  return {
    signal: { id: signal.id, title: signal.title, createdAt: signal.createdAt, linkedAt: signal.linkedAt },
    defaults: {
      title: signal.title,
      description: signal.description,
      kind: signal.kind,
      source: signal.source,
      region: signal.region,
      observedOn: signal.observedOn,
      themeId: signal.themeId ? String(signal.themeId) : "",
    },
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    today: amsterdamDay(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const id = requireIdParam(params, "Signaal");
  const submission = parseWithZod(await readFormData(request), { schema: SignalSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateSignal({ actorId: user.id, id, input: submission.value });
  if (result.status === "not-found") throw new Response(NOT_FOUND, { status: 404 });
  if (result.status === "unknown-theme") {
    return data(submission.reply({ fieldErrors: { themeId: [UNKNOWN_THEME] } }), { status: 400 });
  }
  if (result.status !== "ok") throw new Response("Alleen coördinatoren wijzigen signalen.", { status: 403 });
  return redirectWithFlash("/beheer/signalen", "Het signaal is bijgewerkt.");
}

export default function EditSignal() {
  const { signal, defaults, themes, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/signalen">← Signalen</Link>
      </p>
      <h1>Signaal wijzigen</h1>
      <p className="muted">
        Vastgelegd op {formatDate(signal.createdAt)}
        {signal.linkedAt ? `, aan het thema gekoppeld op ${formatDate(signal.linkedAt)}` : ""}.
      </p>
      <p>
        <Link className="button button--secondary" to={`/beheer/peilingen/nieuw?signaal=${signal.id}`}>
          Peiling maken met dit signaal als optie
        </Link>
      </p>
      <SignalForm
        lastResult={lastResult}
        defaultValue={defaults}
        themes={themes}
        today={today}
        submitLabel="Wijzigingen opslaan"
      />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Signaal ${data.signal.title}` : "Signaal");

export function ErrorBoundary() {
  return <ErrorPage />;
}
