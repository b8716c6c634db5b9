import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { SIGNAL_KINDS, SIGNAL_SOURCES } from "@db/schema/enums";
import { SIGNAL_KIND_LABELS, SIGNAL_SOURCE_LABELS, SignalSchema } from "~/models/circle.schema";
import { REGIONS } from "~/utils/labels";
import { FormError, RadioGroup, SelectField, TextAreaField, TextField } from "./forms";

export type SignalDefaults = {
  title: string;
  description: string;
  kind: string;
  source: string;
  region: string;
  observedOn: string;
  themeId: string;
};

/**
 * A signal from casework: what the pattern, gap or trend is, where it comes from, the region and
 * the date, and (when it is clear) the theme it belongs to. Shared by the new and the edit page.
 */
export function SignalForm({
  lastResult,
  defaultValue,
  themes,
  today,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: Partial<SignalDefaults>;
  themes: { id: number; name: string }[];
  today: string;
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "signaal",
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignalSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError form={form} />
      <p className="hint">
        Een signaal gaat over wat je in meerdere casussen ziet: een patroon, een lacune of een trend. Schrijf nooit over
        één kind of gezin: geen namen, geen geboortedata, geen BSN.
      </p>
      <TextField meta={fields.title} label="Het signaal in één zin" />
      <TextAreaField
        meta={fields.description}
        label="Toelichting (niet verplicht)"
        hint="Wat zie je, hoe vaak, en wat is er nodig? Houd het op het niveau van de regio of de groep casussen."
        rows={5}
      />
      <RadioGroup
        meta={fields.kind}
        legend="Soort signaal"
        options={SIGNAL_KINDS.map((k) => ({ value: k, label: SIGNAL_KIND_LABELS[k] }))}
      />
      <SelectField
        meta={fields.source}
        label="Bron"
        placeholder="Kies de bron"
        options={SIGNAL_SOURCES.map((s) => ({ value: s, label: SIGNAL_SOURCE_LABELS[s] }))}
      />
      <SelectField
        meta={fields.region}
        label="Regio"
        placeholder="Kies de regio"
        options={REGIONS.map((r) => ({ value: r, label: r }))}
      />
      <TextField meta={fields.observedOn} label="Datum van het signaal" type="date" max={today} />
      <SelectField
        meta={fields.themeId}
        label="Thema"
        hint="Laat leeg als nog niet duidelijk is waar het signaal bij hoort; het staat dan op het overzicht bij 'Wat nu aandacht vraagt'."
        placeholder="Nog geen thema"
        options={themes.map((t) => ({ value: String(t.id), label: t.name }))}
      />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
