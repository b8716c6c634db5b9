import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { WebinarSchema } from "~/models/webinar.schema";
import { CheckboxGroup, FormError, SelectField, TextAreaField, TextField } from "./forms";

export type WebinarFormDefaults = Partial<
  Record<
    | "title"
    | "themeId"
    | "description"
    | "speakers"
    | "startsAt"
    | "endsAt"
    | "capacity"
    | "registrationClosesAt"
    | "joinUrl"
    | "pollId",
    string
  >
> & {
  modules?: string[];
};

/** Plan and change form of a webinar (times in Amsterdam time). */
export function WebinarForm({
  lastResult,
  defaultValue,
  choices: { themes, modules, polls },
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: WebinarFormDefaults;
  choices: {
    themes: { id: number; name: string }[];
    modules: { slug: string; title: string }[];
    polls: { id: number; question: string }[];
  };
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "webinar",
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WebinarSchema }),
  });
  return (
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
      <SelectField
        meta={fields.pollId}
        label="Peiling onder de deelnemers (niet verplicht)"
        hint="Deelnemers vinden de peiling op de pagina van het webinar en in de mail na afloop."
        placeholder="Geen peiling"
        options={polls.map((p) => ({ value: String(p.id), label: p.question }))}
      />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
