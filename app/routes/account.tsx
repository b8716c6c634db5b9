import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { endAllSessions, endSession, requireUser, startSession } from "~/auth/session.server";
import { FormError, NewPasswordFields, TextField, useClearPasswords } from "~/components/forms";
import { listCertificates } from "~/models/progress.server";
import { ChangePasswordSchema } from "~/models/user.schema";
import { changePassword } from "~/models/user.server";
import { certificateFileName } from "~/utils/certificate";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { describeOrganisation, ROLE_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: { name: user.name, email: user.email, organisation: user.organisation, roles: user.roles },
    certificates: listCertificates(user.id),
  };
}

const IntentSchema = z.object({ intent: z.enum(["change-password", "sign-out-everywhere"]) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return data({ result: null, error: "Onbekende actie." }, { status: 400 });

  if (intent.data.intent === "sign-out-everywhere") {
    await endAllSessions(user.id);
    const cookie = await endSession(request);
    return redirectWithFlash("/inloggen", "Je bent op al je apparaten uitgelogd.", [cookie]);
  }

  const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
  const hideFields = ["currentPassword", "password", "confirm"];
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields }), error: null }, { status: 400 });
  }
  const result = await changePassword({
    userId: user.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.password,
  });
  if (result.status === "wrong-password") {
    return data(
      {
        result: submission.reply({
          fieldErrors: { currentPassword: ["Dit is niet je huidige wachtwoord."] },
          hideFields,
        }),
        error: null,
      },
      { status: 400 },
    );
  }
  // A new password ends every other session; this device gets a fresh one.
  await endAllSessions(user.id);
  const cookie = await startSession(user.id, request);
  return redirectWithFlash("/account", "Je nieuwe wachtwoord is opgeslagen. Op je andere apparaten ben je uitgelogd.", [
    cookie,
  ]);
}

export default function Account() {
  const { user, certificates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The address may break after the @ (on a narrow screen), never inside the name or the domain.
  const at = user.email.indexOf("@") + 1;
  const [mailbox, domain] = [user.email.slice(0, at), user.email.slice(at)];
  const [form, fields] = useForm({
    id: "wachtwoord-wijzigen",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  useClearPasswords(actionData?.result, [fields.currentPassword.id, fields.password.id, fields.confirm.id]);
  return (
    <>
      <h1>Mijn account</h1>
      <section className="card" aria-labelledby="gegevens-title">
        <h2 id="gegevens-title">Over jou</h2>
        <dl className="facts">
          <div>
            <dt>Naam</dt>
            <dd>{user.name}</dd>
          </div>
          <div>
            <dt>E-mailadres</dt>
            <dd>
              {mailbox}
              <wbr />
              {domain}
            </dd>
          </div>
          <div>
            <dt>Organisatie</dt>
            <dd>{describeOrganisation(user.organisation)}</dd>
          </div>
          <div>
            <dt>{user.roles.length === 1 ? "Rol" : "Rollen"}</dt>
            <dd>{user.roles.map((role) => ROLE_LABELS[role]).join(", ")}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="bewijzen-title">
        <h2 id="bewijzen-title">Mijn deelnamebewijzen</h2>
        {certificates.length ? (
          <>
            <p>
              Samen {certificates.reduce((sum, c) => sum + c.durationMinutes, 0)} minuten leertijd in{" "}
              {certificates.length} {certificates.length === 1 ? "module of webinar" : "modules en webinars"}.
            </p>
            <ul className="plain-list">
              {certificates.map((c) => (
                <li key={c.code}>
                  <Link to={`/deelnamebewijs/${c.code}`}>{c.title}</Link>{" "}
                  <span className="muted">
                    ({c.kind === "webinar" ? "webinar" : "module"}, {formatDate(c.completedAt)}, {c.durationMinutes}{" "}
                    minuten)
                  </span>{" "}
                  ·{" "}
                  <a href={`/deelnamebewijs/${c.code}/pdf`} download={certificateFileName(c.code)}>
                    pdf<span className="visually-hidden"> van {c.title}</span>
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>Nog geen. Rond een module af of neem deel aan een webinar: je deelnamebewijs staat dan hier.</p>
        )}
      </section>

      <section aria-labelledby="wachtwoord-title" className="narrow">
        <h2 id="wachtwoord-title">Wachtwoord wijzigen</h2>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="change-password" />
          <FormError form={form} />
          <TextField
            meta={fields.currentPassword}
            label="Huidig wachtwoord"
            type="password"
            autoComplete="current-password"
          />
          <NewPasswordFields password={fields.password} confirm={fields.confirm} />
          <button type="submit" className="button">
            Wachtwoord opslaan
          </button>
        </Form>
      </section>

      <section aria-labelledby="uitloggen-title">
        <h2 id="uitloggen-title">Overal uitloggen</h2>
        <p>Ben je ergens ingelogd gebleven, bijvoorbeeld op een gedeelde computer? Log dan overal tegelijk uit.</p>
        {actionData?.error ? (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="button button--secondary">
            Overal uitloggen
          </button>
        </Form>
      </section>

      <section aria-labelledby="jouw-gegevens-title">
        <h2 id="jouw-gegevens-title">Je gegevens meenemen of verwijderen</h2>
        <p>
          Download in één bestand alles wat Leercirkel over jou bewaart: je profiel, je voortgang, wat je schreef, je
          aanmeldingen en je stemmen. Het bestand is in JSON, een formaat dat andere programma&rsquo;s kunnen lezen.
        </p>
        <p>
          <a href="/account/gegevens.json" download>
            Mijn gegevens downloaden
          </a>
        </p>
        <p>
          Wil je niet meer meedoen? Dan kun je <Link to="/account/verwijderen">je account verwijderen</Link>. Je leest
          eerst wat er verdwijnt en wat zonder je naam blijft.
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => pageTitle("Mijn account");
