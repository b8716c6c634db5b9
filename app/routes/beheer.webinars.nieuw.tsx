import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { CheckboxGroup, FormError, SelectField, TextAreaField, TextField } from "~/components/forms";
import { getInterventions } from "~/mdx/registry.server";
import { listThemes } from "~/models/theme.server";
import { WebinarSchema } from "~/models/webinar.schema";
import { createWebinar } from "~/models/webinar.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const { list } = await getInterventions();
  return {
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    modules: list.map((m) => ({ slug: m.slug, title: m.frontmatter.title })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: WebinarSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = createWebinar({ actorId: user.id, input: submission.value });
  return redirectWithFlash(`/webinars/${id}`, "Het webinar is gepland.");
}

export default function NewWebinar() {
  const { themes, modules } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "webinar",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WebinarSchema }),
  });
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/webinars">← Webinars</Link>
      </p>
      <h1>Nieuw webinar</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <TextField meta={fields.title} label="Titel" />
        <SelectField
          meta={fields.themeId}
          label="Thema"
          placeholder="Geen thema"
          options={themes.map((t) => ({ value: String(t.id), label: t.name }))}
        />
        <TextAreaField meta={fields.description} label="Beschrijving" rows={5} />
        <TextAreaField
          meta={fields.speakers}
          label="Sprekers, één per regel"
          hint="Naam – rol, zoals: Noor Peters – ervaringsdeskundige ouder"
          rows={3}
        />
        <TextField meta={fields.startsAt} label="Begin (Nederlandse tijd)" type="datetime-local" />
        <TextField meta={fields.endsAt} label="Einde (Nederlandse tijd)" type="datetime-local" />
        <TextField meta={fields.capacity} label="Aantal plaatsen" type="number" />
        <TextField
          meta={fields.registrationClosesAt}
          label="Aanmelden kan tot (niet verplicht)"
          type="datetime-local"
          hint="Leeg: tot het begin."
        />
        <TextField meta={fields.joinUrl} label="Link naar de online bijeenkomst" type="url" />
        <CheckboxGroup
          meta={fields.modules}
          legend="Modules om verder te leren (niet verplicht)"
          options={modules.map((m) => ({ value: m.slug, label: m.title }))}
        />
        <button type="submit" className="button">
          Webinar plannen
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Nieuw webinar");

export function ErrorBoundary() {
  return <ErrorPage />;
}
