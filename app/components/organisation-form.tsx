import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ORGANISATION_KINDS } from "@db/schema/enums";
import { OrganisationSchema } from "~/models/organisation.schema";
import { ORGANISATION_KIND_LABELS, REGIONS } from "~/utils/labels";
import { FormError, SelectField, TextField } from "./forms";

/** Create and edit form of an organisation. */
export function OrganisationForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: { name: string; kind: string; region: string };
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "organisatie",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(OrganisationSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError form={form} />
      <TextField meta={fields.name} label="Naam" />
      <SelectField
        meta={fields.kind}
        label="Soort organisatie"
        placeholder="Kies het soort"
        options={ORGANISATION_KINDS.map((kind) => ({ value: kind, label: ORGANISATION_KIND_LABELS[kind] }))}
      />
      <SelectField
        meta={fields.region}
        label="Regio"
        placeholder="Kies de regio"
        options={REGIONS.map((region) => ({ value: region, label: region }))}
      />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
