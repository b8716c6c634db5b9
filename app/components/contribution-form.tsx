import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { CONTRIBUTION_CREDITS, CONTRIBUTION_KINDS, CONTRIBUTION_PERSPECTIVES } from "@db/schema/enums";
import { CONTRIBUTION_MAX_LENGTH, ContributionSchema } from "~/models/contribution.schema";
import { CONTRIBUTION_CREDIT_LABELS, CONTRIBUTION_KIND_LABELS, CONTRIBUTION_PERSPECTIVE_LABELS } from "~/utils/labels";
import { CheckboxGroup, FormError, RadioGroup, SelectField, TextAreaField } from "./forms";

export type ContributionFormOptions = {
  themes: { id: number; name: string; slug: string }[];
  modules: { slug: string; title: string; themeSlug: string }[];
};

export type ContributionDefaults = {
  kind?: string;
  text?: string;
  themeId?: string;
  modules?: string[];
  perspective?: string;
  credit?: string;
  inviteId?: string;
};

const KIND_HINTS: Record<(typeof CONTRIBUTION_KINDS)[number], string> = {
  do: `wat professionals wel moeten doen (hoogstens ${CONTRIBUTION_MAX_LENGTH.do} tekens)`,
  dont: `wat ze beter niet kunnen doen (hoogstens ${CONTRIBUTION_MAX_LENGTH.dont} tekens)`,
  tip: `een praktische tip (hoogstens ${CONTRIBUTION_MAX_LENGTH.tip} tekens)`,
  story: `een korte ervaring in je eigen woorden (hoogstens ${CONTRIBUTION_MAX_LENGTH.story} tekens)`,
};

/** New and edit form of a contribution: save as a draft, or submit for review. */
export function ContributionForm({
  lastResult,
  defaultValue,
  options,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: ContributionDefaults;
  options: ContributionFormOptions;
}) {
  const [form, fields] = useForm({
    id: "bijdrage",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ContributionSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContributionSchema }),
  });
  const themeName = new Map(options.themes.map((t) => [t.slug, t.name]));
  return (
    <Form method="post" {...getFormProps(form)} className="contribution-form">
      <FormError form={form} />
      {defaultValue?.inviteId ? <input type="hidden" name="inviteId" value={defaultValue.inviteId} /> : null}
      <RadioGroup
        meta={fields.kind}
        legend="Wat voor bijdrage is het?"
        options={CONTRIBUTION_KINDS.map((kind) => ({
          value: kind,
          label: CONTRIBUTION_KIND_LABELS[kind],
          hint: `– ${KIND_HINTS[kind]}`,
        }))}
      />
      <TextAreaField
        meta={fields.text}
        label="Je bijdrage"
        rows={8}
        hint="Gewone tekst; een witregel begint een nieuwe alinea. Vertel over je ervaring, zonder namen, geboortedata of andere gegevens waaraan een kind of gezin te herkennen is."
      />
      <SelectField
        meta={fields.themeId}
        label="Thema"
        placeholder="Kies een thema"
        options={options.themes.map((t) => ({ value: String(t.id), label: t.name }))}
      />
      <CheckboxGroup
        meta={fields.modules}
        legend="Bij welke modules hoort je bijdrage? (niet verplicht)"
        hint="Kies je geen module, dan verschijnt je bijdrage bij alle modules van het thema. Kies alleen modules van het gekozen thema."
        options={options.modules.map((m) => ({
          value: m.slug,
          label: m.title,
          hint: `(thema: ${themeName.get(m.themeSlug) ?? m.themeSlug})`,
        }))}
      />
      <RadioGroup
        meta={fields.perspective}
        legend="Vanuit welk perspectief schrijf je?"
        options={CONTRIBUTION_PERSPECTIVES.map((p) => ({ value: p, label: CONTRIBUTION_PERSPECTIVE_LABELS[p] }))}
      />
      <RadioGroup
        meta={fields.credit}
        legend="Hoe wil je genoemd worden bij je bijdrage?"
        options={CONTRIBUTION_CREDITS.map((c) => ({ value: c, label: CONTRIBUTION_CREDIT_LABELS[c] }))}
      />
      <p className="actions">
        <button type="submit" name="intent" value="submit" className="button">
          Indienen
        </button>
        <button type="submit" name="intent" value="save" className="button button--secondary">
          Bewaren als concept
        </button>
      </p>
    </Form>
  );
}

/** Field errors for what the model refuses after the schema passed. */
export function saveErrors(
  result: { status: "unknown-theme" } | { status: "module-mismatch"; slugs: string[] },
  modules: ContributionFormOptions["modules"],
): Record<string, string[]> {
  if (result.status === "unknown-theme") return { themeId: ["Kies een thema uit de lijst."] };
  const names = result.slugs.map((slug) => modules.find((m) => m.slug === slug)?.title ?? slug).join(", ");
  return { modules: [`Deze module hoort niet bij het gekozen thema: ${names}.`] };
}
