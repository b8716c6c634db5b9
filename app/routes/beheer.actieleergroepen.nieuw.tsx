import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { CheckboxField, ErrorList, FormError, TextField } from "~/components/forms";
import { GroupSetupFields, setupDefaults, type ThemeChoice } from "~/components/group-frame-form";
import { FrameSchema, StartGroupSchema } from "~/models/group.schema";
import { listFrames, startGroup } from "~/models/group.server";
import { listThemes } from "~/models/theme.server";
import { findUserIdByEmail } from "~/models/user.server";
import { amsterdamDay } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

const UNKNOWN_FRAME = "Dit kader bestaat niet (meer). Kies een ander kader.";

const KaderParamSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const raw = new URL(request.url).searchParams.get("kader");
  const frames = listFrames();
  const parsed = raw ? KaderParamSchema.safeParse(raw) : null;
  const frame = parsed?.success ? frames.find((f) => f.id === parsed.data) : undefined;
  return {
    frames: frames.map((f) => ({ id: f.id, name: f.name, themeName: f.themeName })),
    frame: frame ? { id: frame.id, name: frame.name } : null,
    // A chosen id that is no frame (any more): said at the frame select, not a 404.
    frameError: raw && !frame ? UNKNOWN_FRAME : null,
    defaults: frame
      ? {
          frameId: String(frame.id),
          name: "",
          facilitatorEmail: user.email,
          startsOn: amsterdamDay(),
          openToRequests: "on",
          ...setupDefaults(frame),
        }
      : null,
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
  };
}

/**
 * The start form shows every set-up field, pre-filled from the frame: what is sent is what the group
 * gets (an emptied theme means no theme). The facilitator is named by e-mail address.
 */
const StartFormSchema = FrameSchema.extend({
  frameId: StartGroupSchema.shape.frameId,
  facilitatorEmail: z
    .string({ error: "Vul het e-mailadres van de begeleider in." })
    .trim()
    .min(1, "Vul het e-mailadres van de begeleider in.")
    .max(254, "Dit e-mailadres is te lang.")
    .pipe(z.email({ error: "Vul een geldig e-mailadres in." })),
  startsOn: StartGroupSchema.shape.startsOn,
  openToRequests: StartGroupSchema.shape.openToRequests,
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: StartFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const fieldError = (field: string, message: string) =>
    data(submission.reply({ fieldErrors: { [field]: [message] } }), { status: 400 });
  const { facilitatorEmail, ...input } = submission.value;
  const facilitatorId = findUserIdByEmail(facilitatorEmail);
  if (!facilitatorId) return fieldError("facilitatorEmail", "Er is geen account met dit e-mailadres.");
  const result = startGroup({ actorId: user.id, input: { ...input, facilitatorId } });
  switch (result.status) {
    case "ok":
      return redirectWithFlash(
        `/actieleergroepen/${result.id}`,
        "De actieleergroep is gestart. Nodig de deelnemers uit en plan de eerste bijeenkomst.",
      );
    case "forbidden":
      throw new Response("Alleen coördinatoren starten een actieleergroep.", { status: 403 });
    case "not-found":
      return fieldError("frameId", UNKNOWN_FRAME);
    case "unknown-facilitator":
      return fieldError("facilitatorEmail", "Er is geen account met dit e-mailadres.");
    case "unknown-theme":
      return fieldError("themeId", "Dit thema bestaat niet (meer). Kies een ander thema.");
  }
}

export default function StartGroup() {
  const { frames, frame, frameError, defaults, themes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const frameErrors = lastResult?.error?.frameId ?? (frameError ? [frameError] : undefined);
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/actieleergroepen">← Actieleergroepen</Link>
      </p>
      <h1>Groep starten</h1>
      <p>
        Een actieleergroep start vanuit een kader. De opzet van het kader staat hieronder al ingevuld; wat je aanpast,
        geldt alleen voor deze groep.
      </p>
      {frames.length === 0 ? (
        <p>
          Er is nog geen kader. <Link to="/beheer/actieleergroepen/kaders/nieuw">Maak eerst een kader</Link>.
        </p>
      ) : (
        <section aria-labelledby="kader-titel">
          <h2 id="kader-titel">Kies een kader</h2>
          <Form method="get" className="inline-form">
            <div className="field">
              <label htmlFor="kader">Kader</label>
              <select
                // Another frame in the address: the select shows it.
                key={frame?.id ?? "geen"}
                id="kader"
                name="kader"
                defaultValue={frame?.id ?? ""}
                aria-invalid={frameErrors?.length ? true : undefined}
                aria-describedby={frameErrors?.length ? "kader-fout" : undefined}
              >
                <option value="">Kies een kader</option>
                {frames.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.themeName ? `${f.name} (${f.themeName})` : f.name}
                  </option>
                ))}
              </select>
              <ErrorList id="kader-fout" errors={frameErrors} />
            </div>
            <button type="submit" className="button button--secondary">
              Kader kiezen
            </button>
          </Form>
        </section>
      )}
      {frame && defaults ? (
        // Keyed on the frame: choosing another one fills the form anew.
        <StartForm key={frame.id} frameName={frame.name} defaults={defaults} themes={themes} lastResult={lastResult} />
      ) : null}
    </div>
  );
}

type StartDefaults = NonNullable<Awaited<ReturnType<typeof loader>>["defaults"]>;

function StartForm({
  frameName,
  defaults,
  themes,
  lastResult,
}: {
  frameName: string;
  defaults: StartDefaults;
  themes: ThemeChoice[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm({
    id: "groep-starten",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StartFormSchema }),
  });
  const { key: frameKey, ...frameProps } = getInputProps(fields.frameId, { type: "hidden" });
  return (
    <section aria-labelledby="groep-titel">
      <h2 id="groep-titel">Gegevens van de groep</h2>
      <p className="muted">Opzet uit het kader: {frameName}.</p>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <input key={frameKey} {...frameProps} />
        <TextField meta={fields.name} label="Naam van de groep" />
        <TextField
          meta={fields.facilitatorEmail}
          label="E-mailadres van de begeleider"
          type="email"
          autoComplete="off"
          hint="De begeleider moet een account hebben. Begeleid je zelf, laat dan je eigen adres staan."
        />
        <TextField
          meta={fields.startsOn}
          label="Startdatum"
          type="date"
          hint="Week 1 van de monitor begint op deze dag."
        />
        <CheckboxField
          meta={fields.openToRequests}
          label="Professionals mogen zelf vragen om mee te doen"
          hint="De begeleider beslist over elke aanvraag. Uitnodigen kan altijd."
        />
        <GroupSetupFields fields={fields} themes={themes} />
        <button type="submit" className="button">
          Groep starten
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => pageTitle("Groep starten");

export function ErrorBoundary() {
  return <ErrorPage />;
}
