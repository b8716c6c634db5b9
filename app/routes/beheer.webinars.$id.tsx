import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { ConfirmedActionForm } from "~/components/forms";
import { WebinarForm } from "~/components/webinar-form";
import { WebinarSchema } from "~/models/webinar.schema";
import {
  cancelWebinar,
  getWebinar,
  hasEnded,
  placesLeft,
  updateWebinar,
  webinarFigures,
  webinarFormChoices,
} from "~/models/webinar.server";
import { toAmsterdamLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

function load(params: unknown) {
  const webinar = getWebinar(requireIdParam(params, "Webinar"));
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  return webinar;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const webinar = load(params);
  return {
    webinar: {
      id: webinar.id,
      title: webinar.title,
      cancelled: Boolean(webinar.cancelledAt),
      ended: hasEnded(webinar),
      taken: webinar.capacity - placesLeft(webinar.id),
      capacity: webinar.capacity,
    },
    defaults: {
      title: webinar.title,
      themeId: webinar.themeId ? String(webinar.themeId) : "",
      description: webinar.description,
      speakers: webinar.speakers.map((s) => (s.role ? `${s.name} – ${s.role}` : s.name)).join("\n"),
      startsAt: toAmsterdamLocal(webinar.startsAt),
      endsAt: toAmsterdamLocal(webinar.endsAt),
      capacity: String(webinar.capacity),
      registrationClosesAt: toAmsterdamLocal(webinar.registrationClosesAt),
      joinUrl: webinar.joinUrl,
      modules: webinar.modules,
      pollId: webinar.pollId ? String(webinar.pollId) : "",
    },
    choices: await webinarFormChoices(),
    figures: webinarFigures(webinar.id),
  };
}

const CancelSchema = z.object({
  intent: z.literal("cancel"),
  confirm: z.literal("ja", { error: "Vink aan dat het webinar niet doorgaat." }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const webinar = load(params);
  const form = await readFormData(request);
  if (form.get("intent") === "cancel") {
    const parsed = CancelSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ cancelError: "Vink aan dat het webinar niet doorgaat." }, { status: 400 });
    const result = cancelWebinar({ actorId: user.id, id: webinar.id });
    if (result.status !== "ok") {
      return data({ cancelError: "Dit webinar is al geannuleerd of al gehouden." }, { status: 409 });
    }
    return redirectWithFlash(
      "/beheer/webinars",
      "Het webinar is geannuleerd; iedereen die zich aanmeldde krijgt bericht.",
    );
  }
  const submission = parseWithZod(form, { schema: WebinarSchema });
  if (submission.status !== "success") return data({ edit: submission.reply() }, { status: 400 });
  const result = updateWebinar({ actorId: user.id, id: webinar.id, input: submission.value });
  if (result.status === "invalid") {
    return data({ edit: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 });
  }
  if (result.status !== "ok") {
    return data(
      { edit: submission.reply({ formErrors: ["Een geannuleerd webinar kun je niet meer wijzigen."] }) },
      { status: 409 },
    );
  }
  return redirectWithFlash(
    `/beheer/webinars/${webinar.id}`,
    result.mailed
      ? "Opgeslagen. Wie zich aanmeldde krijgt de wijziging met een nieuwe agenda-afspraak."
      : "Opgeslagen.",
  );
}

export default function ManageWebinar() {
  const { webinar, defaults, choices, figures } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const cancelError = actionData && "cancelError" in actionData ? actionData.cancelError : undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/webinars">← Webinars</Link> ·{" "}
        <Link to={`/webinars/${webinar.id}`}>Pagina voor deelnemers</Link>
      </p>
      <h1>{webinar.title}</h1>
      <p>
        {webinar.taken} van de {webinar.capacity} plaatsen bezet
        {figures.waitlisted ? `, ${figures.waitlisted} op de wachtlijst` : ""}
        {webinar.cancelled ? " · geannuleerd" : ""}.
      </p>
      <p>
        <Link className="button button--secondary" to={`/beheer/webinars/${webinar.id}/deelnemers`}>
          Deelnemers, aanwezigheid en afloop
        </Link>
      </p>
      {webinar.cancelled ? null : (
        <>
          <h2>Wijzigen</h2>
          <p className="hint">
            {webinar.ended
              ? "Het webinar is gehouden: wijzigingen gaan niet meer per mail naar de deelnemers."
              : "Een nieuwe tijd, titel of link gaat per mail met een nieuwe agenda-afspraak naar iedereen die zich aanmeldde."}
          </p>
          <WebinarForm
            lastResult={actionData && "edit" in actionData ? actionData.edit : undefined}
            defaultValue={defaults}
            choices={choices}
            submitLabel="Wijzigingen opslaan"
          />
          {webinar.ended ? null : (
            <section aria-labelledby="annuleren-titel">
              <h2 id="annuleren-titel">Annuleren</h2>
              <ConfirmedActionForm
                id="annuleren"
                intent="cancel"
                confirmLabel="Ja, dit webinar gaat niet door."
                submitLabel="Webinar annuleren"
                error={cancelError}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.webinar.title ?? "Webinar");

export function ErrorBoundary() {
  return <ErrorPage />;
}
