import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { FrameSchema } from "~/models/group.schema";
import { FormError, SelectField, TextAreaField, TextField } from "./forms";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fields of a frame form or a start form
type AnyField = FieldMetadata<any, any, string[]>;

type SetupField =
  | "themeId"
  | "learningQuestion"
  | "aim"
  | "plannedMeetings"
  | "meetingIntervalWeeks"
  | "maxMembers"
  | "confidentiality"
  | "attendance"
  | "commitment";

export type GroupSetupDefaults = Record<SetupField, string>;

export type ThemeChoice = { id: number; name: string };

/** A frame's set-up (or a group's) as the values of the form fields. */
export function setupDefaults(setup: {
  themeId: number | null;
  learningQuestion: string;
  aim: string;
  plannedMeetings: number;
  meetingIntervalWeeks: number;
  maxMembers: number;
  confidentiality: string;
  attendance: string;
  commitment: string;
}): GroupSetupDefaults {
  return {
    themeId: setup.themeId ? String(setup.themeId) : "",
    learningQuestion: setup.learningQuestion,
    aim: setup.aim,
    plannedMeetings: String(setup.plannedMeetings),
    meetingIntervalWeeks: String(setup.meetingIntervalWeeks),
    maxMembers: String(setup.maxMembers),
    confidentiality: setup.confidentiality,
    attendance: setup.attendance,
    commitment: setup.commitment,
  };
}

/**
 * The set-up of an action learning group: theme, learning question, aim, meetings and size, and the
 * agreements. Shared by the frame form and the form that starts a group from a frame.
 */
export function GroupSetupFields({ fields, themes }: { fields: Record<SetupField, AnyField>; themes: ThemeChoice[] }) {
  return (
    <>
      <SelectField
        meta={fields.themeId}
        label="Thema"
        placeholder="Geen thema"
        options={themes.map((t) => ({ value: String(t.id), label: t.name }))}
      />
      <TextAreaField
        meta={fields.learningQuestion}
        label="Leervraag"
        hint="De vraag uit de eigen praktijk waar de groep samen een antwoord op zoekt."
        rows={3}
      />
      <TextAreaField
        meta={fields.aim}
        label="Doel"
        hint="Niet verplicht. Wat is er aan het eind anders in het werk van de deelnemers?"
        rows={3}
      />
      <fieldset className="field-group">
        <legend>Bijeenkomsten en grootte</legend>
        <TextField meta={fields.plannedMeetings} label="Aantal bijeenkomsten" type="number" inputMode="numeric" />
        <TextField
          meta={fields.meetingIntervalWeeks}
          label="Om de hoeveel weken"
          type="number"
          inputMode="numeric"
          hint="1 is elke week, 2 is om de week."
        />
        <TextField
          meta={fields.maxMembers}
          label="Maximaal aantal deelnemers"
          type="number"
          inputMode="numeric"
          hint="Tussen 2 en 50; de begeleider telt niet mee."
        />
      </fieldset>
      <fieldset className="field-group">
        <legend>Afspraken van de groep</legend>
        <TextAreaField
          meta={fields.confidentiality}
          label="Vertrouwelijkheid (afspraken)"
          hint="Bijvoorbeeld: wat in de groep gezegd wordt, blijft in de groep; casussen bespreken we zonder namen."
          rows={3}
        />
        <TextAreaField
          meta={fields.attendance}
          label="Aanwezigheid (hoe vaak)"
          hint="Bijvoorbeeld: je bent bij minstens vijf van de zes bijeenkomsten."
          rows={3}
        />
        <TextAreaField
          meta={fields.commitment}
          label="Wat deelnemers toezeggen"
          hint="Bijvoorbeeld: je brengt een casus in en voert tussen de bijeenkomsten een actie uit in je eigen organisatie."
          rows={3}
        />
      </fieldset>
    </>
  );
}

/** Create and edit form of a frame (kader). */
export function GroupFrameForm({
  lastResult,
  defaultValue,
  themes,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Partial<GroupSetupDefaults> & { name?: string };
  themes: ThemeChoice[];
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "kader",
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FrameSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError form={form} />
      <TextField
        meta={fields.name}
        label="Naam van het kader"
        hint="Zo vinden coördinatoren het kader terug, bijvoorbeeld: Verklarende analyse, zes bijeenkomsten."
      />
      <GroupSetupFields fields={fields} themes={themes} />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
