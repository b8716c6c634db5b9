import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { endAllSessions, endSession, requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { CheckboxField, FormError, TextField, useClearPasswords } from "~/components/forms";
import { deleteOwnAccount, erasurePreview } from "~/models/privacy.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

// Not nested under account.tsx (the trailing underscore): that page has no outlet.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return erasurePreview({ userId: user.id });
}

const CONFIRM_MESSAGE = "Vink aan dat je begrijpt dat dit niet ongedaan kan worden.";

const DeleteAccountSchema = z.object({
  password: z.string({ error: "Vul je wachtwoord in." }).max(200, "Dit wachtwoord is te lang."),
  confirm: z.boolean({ error: CONFIRM_MESSAGE }).refine((value) => value, CONFIRM_MESSAGE),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: DeleteAccountSchema });
  const hideFields = ["password"];
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields }) }, { status: 400 });
  }
  const result = await deleteOwnAccount({ userId: user.id, password: submission.value.password });
  switch (result.status) {
    case "wrong-password":
      return data(
        { result: submission.reply({ fieldErrors: { password: ["Dit is niet je wachtwoord."] }, hideFields }) },
        { status: 400 },
      );
    case "last-admin":
      return data(
        {
          result: submission.reply({
            fieldErrors: {
              confirm: [
                "Je bent de enige beheerder. Maak eerst iemand anders beheerder; daarna kun je je account verwijderen.",
              ],
            },
            hideFields,
          }),
        },
        { status: 400 },
      );
    case "not-found":
      throw new Response("Account niet gevonden", { status: 404 });
  }
  await endAllSessions(user.id);
  const cookie = await endSession(request);
  return redirectWithFlash("/", "Je account is verwijderd. Bedankt dat je meedeed met Leercirkel.", [cookie]);
}

function contributionsText({ kept, removed }: { kept: number; removed: number }) {
  const stay = kept === 0 ? "blijft er geen" : kept === 1 ? "blijft er één" : `blijven er ${kept}`;
  const go = removed === 0 ? "er wordt geen" : removed === 1 ? "één wordt" : `${removed} worden`;
  return `Van je bijdragen ${stay} anoniem staan; ${go} verwijderd.`;
}

export default function DeleteAccount() {
  const { lastAdmin, contributions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "account-verwijderen",
    lastResult: actionData?.result,
    constraint: getZodConstraint(DeleteAccountSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteAccountSchema }),
  });
  useClearPasswords(actionData?.result, [fields.password.id]);
  return (
    <>
      <h1>Account verwijderen</h1>
      <p>
        Je kunt je account bij Leercirkel zelf verwijderen. Dat kan niet ongedaan worden gemaakt. Wil je eerst een kopie
        van alles wat we over je bewaren? <a href="/account/gegevens.json">Download dan je gegevens</a>.
      </p>

      <section aria-labelledby="verdwijnt-titel">
        <h2 id="verdwijnt-titel">Wat verdwijnt</h2>
        <ul>
          <li>
            Je naam, e-mailadres en wachtwoord. Je kunt daarna niet meer inloggen. Met hetzelfde e-mailadres kun je
            later wel een nieuw account maken.
          </li>
          <li>
            Wat je alleen voor jezelf schreef: je reflecties, je voornemens en wat je bij je terugblikken en evaluaties
            schreef.
          </li>
          <li>
            Je deelnamebewijzen. Ze zijn daarna niet meer te controleren: download ze eerst als pdf (bij{" "}
            <a href="/account#bewijzen-title">Mijn account</a>) als je ze nog nodig hebt.
          </li>
          <li>
            Je bijdragen als ervaringsdeskundige, behalve gepubliceerde bijdragen die je anoniem liet publiceren (zie
            hieronder).
          </li>
          <li>Je aanmeldingen voor webinars die nog komen: je plaats gaat naar wie op de wachtlijst staat.</li>
          <li>Uitnodigingen en aanvragen voor actieleergroepen waar je nog geen lid van was.</li>
          <li>De e-mails die we je stuurden, en uitnodigingen aan jouw e-mailadres.</li>
        </ul>
      </section>

      <section aria-labelledby="blijft-titel">
        <h2 id="blijft-titel">Wat zonder je naam blijft</h2>
        <p>
          Sommige gegevens hebben anderen nodig. Die blijven, maar niet meer op jouw naam: waar iemand ze ziet, staat
          &lsquo;Oud-lid&rsquo;.
        </p>
        <ul>
          <li>
            Tellingen waarmee de leercirkels werken: dat je een module startte of afrondde, een webinar bijwoonde, lid
            was van een actieleergroep of stemde in een peiling. Ze tellen mee bij je organisatie, zonder je naam.
          </li>
          <li>Je rapportcijfers en de uitkomst van je terugblikken, zonder wat je erbij schreef.</li>
          <li>
            Gepubliceerde bijdragen die je anoniem liet publiceren: ze blijven in de modules staan als
            &lsquo;Ervaringsdeskundige&rsquo;. Wil je dat niet, trek ze dan eerst in bij{" "}
            <Link to="/bijdragen">je bijdragen</Link>.
          </li>
          <li>
            Acties en verslagen in actieleergroepen: die zijn van de groep. Bij acties die jij trok staat
            &lsquo;Oud-lid&rsquo;.
          </li>
          <li>Wat je als coördinator vastlegde, zoals peilingen, webinars, signalen en bijeenkomsten.</li>
          <li>Het logboek: daarin staat dat er een account is verwijderd, zonder je naam of e-mailadres.</li>
        </ul>
        {contributions.kept + contributions.removed > 0 ? <p>{contributionsText(contributions)}</p> : null}
      </section>

      <section aria-labelledby="verwijderen-titel" className="narrow">
        <h2 id="verwijderen-titel">Mijn account verwijderen</h2>
        {lastAdmin ? (
          <p className="form-error">
            Je bent de enige beheerder. Maak eerst iemand anders beheerder; daarna kun je je account verwijderen.
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)}>
          <FormError form={form} />
          <TextField meta={fields.password} label="Je wachtwoord" type="password" autoComplete="current-password" />
          <CheckboxField meta={fields.confirm} label="Ik begrijp dat dit niet ongedaan kan worden" />
          <button type="submit" className="button button--danger">
            Account definitief verwijderen
          </button>
        </Form>
        <p>
          <Link to="/account">Terug naar mijn account</Link>
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Account verwijderen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
