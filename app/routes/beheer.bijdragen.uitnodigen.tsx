import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/forms";
import { InviteSchema } from "~/models/contribution.schema";
import { contributionFormOptions, inviteToContribute, listInvites } from "~/models/contribution.server";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  return { options: await contributionFormOptions(), invites: listInvites() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: InviteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await inviteToContribute({ actorId: user.id, input: submission.value });
  if (result.status === "unknown-theme") {
    return data(submission.reply({ fieldErrors: { themeId: ["Kies een thema uit de lijst."] } }), { status: 400 });
  }
  if (result.status === "module-mismatch") {
    return data(submission.reply({ fieldErrors: { slug: ["Deze module hoort niet bij het gekozen thema."] } }), {
      status: 400,
    });
  }
  return redirectWithFlash(
    "/beheer/bijdragen/uitnodigen",
    `De uitnodiging is verstuurd naar ${submission.value.email}.`,
  );
}

export default function InviteExpert() {
  const { options, invites } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "uitnodiging",
    lastResult,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const themeName = new Map(options.themes.map((t) => [t.slug, t.name]));
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/bijdragen">← Bijdragen</Link>
      </p>
      <h1>Een ervaringsdeskundige uitnodigen</h1>
      <p>
        De uitnodiging gaat per e-mail en staat op de startpagina van wie met dit adres een account heeft als
        ervaringsdeskundige.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <TextField meta={fields.email} label="E-mailadres" type="email" autoComplete="off" />
        <SelectField
          meta={fields.themeId}
          label="Thema"
          placeholder="Kies een thema"
          options={options.themes.map((t) => ({ value: String(t.id), label: t.name }))}
        />
        <SelectField
          meta={fields.slug}
          label="Module (niet verplicht)"
          placeholder="Alle modules van het thema"
          options={options.modules.map((m) => ({
            value: m.slug,
            label: `${m.title} (${themeName.get(m.themeSlug) ?? m.themeSlug})`,
          }))}
        />
        <TextAreaField meta={fields.message} label="Persoonlijk bericht (niet verplicht)" rows={4} />
        <button type="submit" className="button">
          Uitnodiging versturen
        </button>
      </Form>

      <section aria-labelledby="verstuurd-titel">
        <h2 id="verstuurd-titel">Verstuurde uitnodigingen</h2>
        {invites.length === 0 ? (
          <p>Nog geen uitnodigingen verstuurd.</p>
        ) : (
          <div className="table-wrap" role="region" aria-label="Verstuurde uitnodigingen" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">E-mailadres</th>
                  <th scope="col">Thema</th>
                  <th scope="col">Verstuurd</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {invites.map((invite) => (
                  <tr key={invite.id}>
                    <td>{invite.email}</td>
                    <td>{invite.themeName}</td>
                    <td>{formatDate(invite.createdAt)}</td>
                    <td>{invite.closedAt ? "Afgerond" : "Open"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Ervaringsdeskundige uitnodigen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
