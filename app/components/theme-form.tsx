import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ThemeSchema } from "~/models/theme.schema";
import { FormError, TextAreaField, TextField } from "./forms";

/** Create and edit form of a theme. */
export function ThemeForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: { name: string; slug: string; description: string };
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "thema",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ThemeSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ThemeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError form={form} />
      <TextField meta={fields.name} label="Naam" />
      <TextField
        meta={fields.slug}
        label="Slug (deel van het webadres)"
        hint="Kleine letters, cijfers en streepjes, zoals verklarende-analyse. Leeg laten maakt hem uit de naam."
      />
      <TextAreaField meta={fields.description} label="Beschrijving" rows={5} />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

export const THEME_RESULT_ERRORS: Record<"duplicate-slug" | "invalid-slug", Record<string, string[]>> = {
  "duplicate-slug": { slug: ["Er is al een thema met deze slug. Kies een andere."] },
  "invalid-slug": { slug: ["Vul een slug in: de naam bevat geen letters of cijfers om er een van te maken."] },
};
