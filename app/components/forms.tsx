import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
  type FormMetadata,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useEffect, type InputHTMLAttributes, type ReactNode } from "react";

// Fields as the house style asks: label, optional hint, the control, and the error next to it
// (aria-invalid and aria-describedby come from conform).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field of any form
type AnyField = FieldMetadata<any, any, string[]>;

export function ErrorList({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} className="field-error">
      {errors?.length ? errors.map((error) => <p key={error}>{error}</p>) : null}
    </div>
  );
}

/** The form-level message (for example "e-mailadres of wachtwoord klopt niet"), announced at once. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form
export function FormError({ form }: { form: FormMetadata<any, string[]> }) {
  return (
    <div id={form.errorId} role="alert" className={form.errors?.length ? "form-error" : undefined}>
      {form.errors?.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  ...rest
}: {
  meta: AnyField;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "search" | "url" | "number" | "date" | "datetime-local";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue">) {
  const { key, ...props } = getInputProps(meta, {
    type,
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
    value: type !== "password",
  });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <input key={key} {...props} {...rest} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({
  meta,
  label,
  hint,
  rows = 4,
}: {
  meta: AnyField;
  label: string;
  hint?: ReactNode;
  rows?: number;
}) {
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea key={key} rows={rows} {...props} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A new password and its repetition (reset and change), with the rule as hint. */
export function NewPasswordFields({ password, confirm }: { password: AnyField; confirm: AnyField }) {
  return (
    <>
      <TextField
        meta={password}
        label="Nieuw wachtwoord"
        type="password"
        autoComplete="new-password"
        hint="Minstens 10 tekens."
      />
      <TextField meta={confirm} label="Herhaal het nieuwe wachtwoord" type="password" autoComplete="new-password" />
    </>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  meta,
  label,
  hint,
  placeholder,
  options,
  groups,
}: {
  meta: AnyField;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  options?: Option[];
  groups?: { label: string; options: Option[] }[];
}) {
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <select key={key} {...props}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {groups?.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function RadioGroup({
  meta,
  legend,
  hint,
  options,
}: {
  meta: AnyField;
  legend: string;
  hint?: ReactNode;
  options: (Option & { hint?: string })[];
}) {
  return <ChoiceGroup type="radio" meta={meta} legend={legend} hint={hint} options={options} />;
}

/** Several choices of one field (checkboxes), in a fieldset with its error. */
export function CheckboxGroup({
  meta,
  legend,
  hint,
  options,
}: {
  meta: AnyField;
  legend: string;
  hint?: ReactNode;
  options: (Option & { hint?: string })[];
}) {
  return <ChoiceGroup type="checkbox" meta={meta} legend={legend} hint={hint} options={options} />;
}

function ChoiceGroup({
  type,
  meta,
  legend,
  hint,
  options,
}: {
  type: "radio" | "checkbox";
  meta: AnyField;
  legend: string;
  hint?: ReactNode;
  options: (Option & { hint?: string })[];
}) {
  const controls = getCollectionProps(meta, { type, options: options.map((o) => o.value) });
  const describedBy = [hint ? meta.descriptionId : null, meta.errors?.length ? meta.errorId : null].filter(Boolean);
  return (
    <fieldset className="field" aria-describedby={describedBy.length ? describedBy.join(" ") : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      {controls.map(({ key, ...props }) => {
        const option = options.find((o) => o.value === props.value);
        return (
          <div className="choice" key={key}>
            <input {...props} />
            <label htmlFor={props.id}>
              {option?.label}
              {option?.hint ? <span className="hint"> {option.hint}</span> : null}
            </label>
          </div>
        );
      })}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

/**
 * Empties password fields after every answer from the server: with JavaScript the browser would
 * otherwise keep what was typed, and a password is never kept. Pass the fields' ids.
 */
export function useClearPasswords(lastResult: unknown, ids: string[]) {
  useEffect(() => {
    if (!lastResult) return;
    for (const id of ids) {
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.value = "";
    }
    // `ids` is a literal list per form; only a new result should run this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastResult]);
}

/** One yes/no choice (a checkbox that sends "on"). */
export function CheckboxField({ meta, label, hint }: { meta: AnyField; label: string; hint?: ReactNode }) {
  const { key, ...props } = getInputProps(meta, {
    type: "checkbox",
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  });
  return (
    <div className="field">
      <div className="choice">
        <input key={key} {...props} />
        <label htmlFor={meta.id}>{label}</label>
      </div>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A rapportcijfer 1–10 as ten radio buttons in a row (one tab stop, arrow keys choose). */
export function GradeField({
  name = "grade",
  defaultValue,
  errors,
  legend = "Rapportcijfer (1 is heel slecht, 10 is uitstekend)",
}: {
  name?: string;
  defaultValue?: string;
  errors?: string[];
  legend?: string;
}) {
  return (
    <fieldset className="field grade" aria-describedby={errors?.length ? "cijfer-fout" : undefined}>
      <legend>{legend}</legend>
      <div className="grade__options">
        {Array.from({ length: 10 }, (_, i) => String(i + 1)).map((value) => (
          <div className="grade__option" key={value}>
            <input
              type="radio"
              id={`cijfer-${value}`}
              name={name}
              value={value}
              defaultChecked={defaultValue === value}
            />
            <label htmlFor={`cijfer-${value}`}>{value}</label>
          </div>
        ))}
      </div>
      <ErrorList id="cijfer-fout" errors={errors} />
    </fieldset>
  );
}

/**
 * A form for a step that cannot be undone (cancelling a webinar or a meeting): a checkbox that
 * confirms it (sent as confirm=ja), its error next to it, and a danger button with the intent.
 */
export function ConfirmedActionForm({
  id,
  intent,
  confirmLabel,
  submitLabel,
  error,
}: {
  id: string;
  intent: string;
  confirmLabel: string;
  submitLabel: string;
  error?: string;
}) {
  return (
    <Form method="post">
      <div className="choice">
        <input
          type="checkbox"
          id={`${id}-bevestigen`}
          name="confirm"
          value="ja"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-fout` : undefined}
        />
        <label htmlFor={`${id}-bevestigen`}>{confirmLabel}</label>
      </div>
      <ErrorList id={`${id}-fout`} errors={error ? [error] : undefined} />
      <button type="submit" name="intent" value={intent} className="button button--danger">
        {submitLabel}
      </button>
    </Form>
  );
}
