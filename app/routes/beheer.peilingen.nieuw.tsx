import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ORGANISATION_KINDS, POLL_AUDIENCES, POLL_METHODS, POLL_RESULT_VISIBILITY } from "@db/schema/enums";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import {
  CheckboxField,
  CheckboxGroup,
  FormError,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from "~/components/forms";
import { PollSchema } from "~/models/poll.schema";
import { pollOptionsFromSignals } from "~/models/circle.server";
import { createPoll } from "~/models/poll.server";
import { listThemes } from "~/models/theme.server";
import { toAmsterdamLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import {
  ORGANISATION_KIND_LABELS,
  POLL_AUDIENCE_LABELS,
  POLL_METHOD_LABELS,
  POLL_VISIBILITY_LABELS,
  REGIONS,
} from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const start = new Date();
  start.setMinutes(0, 0, 0);
  // ?signaal=3&signaal=7 (from /beheer/signalen): the signals propose the options.
  const signalIds = new URL(request.url).searchParams
    .getAll("signaal")
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0)
    .slice(0, 50);
  const fromSignals = pollOptionsFromSignals({ signalIds });
  return {
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    defaults: {
      opensAt: toAmsterdamLocal(start.getTime() + 3600_000),
      closesAt: toAmsterdamLocal(start.getTime() + 3600_000 + 14 * 86400_000),
      themeOptions: fromSignals.themeOptions.map(String),
      freeOptions: fromSignals.freeOptions,
    },
    signalCount: fromSignals.signalCount,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: PollSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createPoll({ actorId: user.id, input: submission.value });
  if (result.status !== "ok") {
    return data(submission.reply({ fieldErrors: { themeOptions: ["Kies thema's uit de lijst."] } }), { status: 400 });
  }
  return redirectWithFlash(`/beheer/peilingen/${result.id}`, "De peiling is aangemaakt.");
}

export default function NewPoll() {
  const { themes, defaults, signalCount } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "peiling",
    lastResult,
    defaultValue: { ...defaults, method: "single", audience: "all", resultsVisibility: "after_vote" },
    // No constraint attributes: conform cannot derive them from the date transforms; the server
    // (and onValidate) check everything.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PollSchema }),
  });
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/peilingen">← Peilingen</Link>
      </p>
      <h1>Nieuwe peiling</h1>
      {signalCount ? (
        <p className="hint">
          De opties komen uit {signalCount === 1 ? "één signaal" : `${signalCount} signalen`}: pas ze aan zoals je wilt.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <TextField meta={fields.question} label="Vraag" />
        <TextAreaField meta={fields.explanation} label="Toelichting (niet verplicht)" rows={3} />
        <fieldset className="field-group">
          <legend>Opties</legend>
          <CheckboxGroup
            meta={fields.themeOptions}
            legend="Thema's uit de lijst"
            options={themes.map((t) => ({ value: String(t.id), label: t.name }))}
          />
          <TextAreaField
            meta={fields.freeOptions}
            label="Eigen opties, één per regel"
            hint="Samen met de gekozen thema's minstens twee opties."
            rows={4}
          />
          <CheckboxField
            meta={fields.allowSuggestions}
            label="Deelnemers mogen opties voorstellen"
            hint="Jij keurt een voorstel goed voordat anderen het zien."
          />
        </fieldset>
        <RadioGroup
          meta={fields.method}
          legend="Manier van stemmen"
          options={POLL_METHODS.map((m) => ({ value: m, label: POLL_METHOD_LABELS[m] }))}
        />
        <TextField
          meta={fields.maxChoices}
          label="N: hoeveel keuzes, plaatsen of punten"
          type="number"
          hint="Bij meerdere keuzes: hoeveel iemand er mag kiezen. Bij rangschikken: hoeveel plaatsen (leeg: alle opties). Bij punten: hoeveel punten iemand verdeelt."
        />
        <RadioGroup
          meta={fields.audience}
          legend="Wie mag stemmen?"
          options={POLL_AUDIENCES.map((a) => ({ value: a, label: POLL_AUDIENCE_LABELS[a] }))}
        />
        <SelectField
          meta={fields.audienceRegion}
          label="Regio (bij één regio)"
          placeholder="Kies een regio"
          options={REGIONS.map((r) => ({ value: r, label: r }))}
        />
        <SelectField
          meta={fields.audienceKind}
          label="Soort organisatie (bij één soort)"
          placeholder="Kies een soort organisatie"
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))}
        />
        <CheckboxField
          meta={fields.anonymous}
          label="Anoniem stemmen"
          hint="Niemand, ook geen coördinator, kan zien wie wat stemde; de uitslag per regio vervalt."
        />
        <RadioGroup
          meta={fields.resultsVisibility}
          legend="Wanneer zien deelnemers de uitslag?"
          options={POLL_RESULT_VISIBILITY.map((v) => ({ value: v, label: POLL_VISIBILITY_LABELS[v] }))}
        />
        <TextField meta={fields.opensAt} label="Open vanaf (Nederlandse tijd)" type="datetime-local" />
        <TextField meta={fields.closesAt} label="Open tot (Nederlandse tijd)" type="datetime-local" />
        <button type="submit" className="button">
          Peiling aanmaken
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Nieuwe peiling");

export function ErrorBoundary() {
  return <ErrorPage />;
}
