import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CIRCLE_STEP_STATUSES, ORGANISATION_KINDS } from "@db/schema/enums";
import { isManager } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { CircleFigureList } from "~/components/circle-figures";
import { ErrorPage } from "~/components/error-page";
import { ErrorList, FormError, SelectField, TextAreaField, TextField } from "~/components/forms";
import {
  CIRCLE_STEP_STATUS_LABELS,
  CIRCLE_STEP_TITLES,
  FiguresFilterSchema,
  NetworkMeetingSchema,
  SIGNAL_KIND_LABELS,
  SIGNAL_SOURCE_LABELS,
  StepStatusSchema,
} from "~/models/circle.schema";
import { getCircle, recentCircleFigures, recordNetworkMeeting, setStepStatus } from "~/models/circle.server";
import { amsterdamDay, formatDate, formatDateTime, formatTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { ORGANISATION_KIND_LABELS, REGIONS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

const ParamsSchema = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

async function load(request: Request, params: unknown) {
  const user = await requireUser(request);
  const parsed = ParamsSchema.safeParse(params);
  const circle = parsed.success ? await getCircle({ slug: parsed.data.slug, viewer: user }) : null;
  if (!circle) throw new Response("Leercirkel niet gevonden", { status: 404 });
  return { user, circle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, circle } = await load(request, params);
  const filter = FiguresFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { figures, computedAt } = await recentCircleFigures({ themeId: circle.themeId, ...filter });
  return { circle, filter, figures, computedAt, manager: isManager(user.roles), today: amsterdamDay() };
}

const StepFormSchema = StepStatusSchema.extend({ intent: z.literal("step") });
const MeetingFormSchema = NetworkMeetingSchema.and(z.object({ intent: z.literal("network-meeting") }));

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, circle } = await load(request, params);
  if (!isManager(user.roles)) throw new Response("Alleen coördinatoren veranderen een leercirkel.", { status: 403 });
  const here = `/leercirkels/${circle.slug}`;
  const form = await readFormData(request);
  if (form.get("intent") === "step") {
    const submission = parseWithZod(form, { schema: StepFormSchema });
    if (submission.status !== "success") throw new Response("Kies een stap en een status.", { status: 400 });
    const result = setStepStatus({ actorId: user.id, circleId: circle.id, input: submission.value });
    if (result.status !== "ok") throw new Response("Leercirkel niet gevonden", { status: 404 });
    return redirectWithFlash(
      here,
      submission.value.status
        ? `Stap ${submission.value.step} is bijgewerkt.`
        : `Stap ${submission.value.step} volgt weer de gegevens.`,
    );
  }
  if (form.get("intent") === "network-meeting") {
    const submission = parseWithZod(form, { schema: MeetingFormSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = recordNetworkMeeting({ actorId: user.id, circleId: circle.id, input: submission.value });
    if (result.status !== "ok") throw new Response("Leercirkel niet gevonden", { status: 404 });
    return redirectWithFlash(here, "Het netwerkoverleg is vastgelegd.");
  }
  throw new Response("Onbekende opdracht.", { status: 400 });
}

export default function CirclePage() {
  const { circle, filter, figures, computedAt, manager, today } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to="/leercirkels">← Leercirkels</Link>
      </p>
      <h1>Leercirkel {circle.name}</h1>
      {circle.description ? <p className="lead">{circle.description}</p> : null}
      <p>
        Nu bij stap {circle.currentStep}. De cirkel begon bij stap {circle.entryStep}.
      </p>
      {manager ? (
        <p>
          <Link to={`/leercirkels/jaaropbrengst?cirkel=${circle.slug}`}>Jaaropbrengst van deze leercirkel</Link>
        </p>
      ) : null}

      <section aria-labelledby="stappen-titel">
        <h2 id="stappen-titel">De zeven stappen</h2>
        <p className="muted">
          De status van een stap volgt uit wat er is gebeurd, tenzij een coördinator hem heeft vastgesteld.
        </p>
        <ol className="plain-list circle-steps">
          {circle.steps.map((s) => (
            <li key={s.step} className={`card circle-step circle-step--${s.status}`}>
              <h3>
                Stap {s.step}: {s.title}
              </h3>
              <p>
                <strong>{s.statusLabel}</strong>
                {s.stored ? (
                  <span className="muted">
                    {" "}
                    (vastgesteld door de coördinator{s.stored.note ? `: ${s.stored.note}` : ""})
                  </span>
                ) : null}
                {s.beforeEntry ? <span className="muted"> · voor de start van deze cirkel</span> : null}
              </p>
              <StepContents step={s} manager={manager} />
              {manager && s.step === 2 ? (
                <p>
                  <Link to={`/beheer/signalen/nieuw?thema=${circle.themeId}`}>Signaal bij dit thema vastleggen</Link>
                </p>
              ) : null}
              {manager ? <StepStatusForm step={s.step} stored={s.stored} /> : null}
            </li>
          ))}
        </ol>
      </section>

      {manager ? <NetworkMeetingForm today={today} /> : null}

      {circle.modules.length ? (
        <section aria-labelledby="modules-titel">
          <h2 id="modules-titel">Modules</h2>
          <ul>
            {circle.modules.map((m) => (
              <li key={m.slug}>
                <Link to={`/leren/${m.slug}`}>{m.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="cijfers-titel">
        <h2 id="cijfers-titel">Wat de cirkel heeft opgeleverd</h2>
        <Form method="get" className="filter-form">
          <div className="field">
            <label htmlFor="van">Van</label>
            <input type="date" id="van" name="van" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="tot">Tot en met</label>
            <input type="date" id="tot" name="tot" defaultValue={filter.to ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="regio">Regio</label>
            <select id="regio" name="regio" defaultValue={filter.region ?? ""}>
              <option value="">Alle regio&apos;s</option>
              {REGIONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            Toon cijfers
          </button>
        </Form>
        <CircleFigureList figures={figures} tableId="bereik-tabel" />
        <p className="muted">Geteld om {formatTime(computedAt)}; wat anderen doen, telt binnen een minuut mee.</p>
      </section>
    </div>
  );
}

type Step = ReturnType<typeof useLoaderData<typeof loader>>["circle"]["steps"][number];

function StepContents({ step, manager }: { step: Step; manager: boolean }) {
  const items = [
    ...step.networkMeetings.map((m) => (
      <li key={`n${m.id}`}>
        Netwerkoverleg van {formatDate(m.heldOn)}
        {m.decisions ? <span className="muted"> – besloten: {m.decisions}</span> : null}
      </li>
    )),
    ...step.signals.map((s) => (
      <li key={`s${s.id}`}>
        Signaal ({SIGNAL_KIND_LABELS[s.kind].toLowerCase()}, {SIGNAL_SOURCE_LABELS[s.source].toLowerCase()}, {s.region}
        ): {manager ? <Link to={`/beheer/signalen/${s.id}`}>{s.title}</Link> : s.title}
      </li>
    )),
    ...step.polls.map((p) => (
      <li key={`p${p.id}`}>
        Peiling: <Link to={`/peilingen/${p.id}`}>{p.question}</Link>
        <span className="muted">
          {" "}
          ({p.closed ? "gesloten" : `open tot ${formatDateTime(p.closesAt)}`}, {p.ballotCount} stemmen)
        </span>
      </li>
    )),
    ...step.frames.map((f) => <li key={`f${f.id}`}>Kader: {f.name}</li>),
    ...step.webinars.map((w) => (
      <li key={`w${w.id}`}>
        Webinar: <Link to={`/webinars/${w.id}`}>{w.title}</Link>
        <span className="muted">
          {" "}
          ({formatDate(w.startsAt)}
          {w.pollQuestion ? `, met peiling` : ""})
        </span>
      </li>
    )),
    ...step.groups.map((g) => (
      <li key={`g${g.id}`}>
        Actieleergroep: {g.name ? <Link to={`/actieleergroepen/${g.id}`}>{g.name}</Link> : "een besloten groep"}
        <span className="muted">
          {" "}
          (vanaf {formatDate(g.startsOn)}
          {g.closedAt ? ", afgesloten" : ""})
        </span>
      </li>
    )),
  ];
  return items.length ? <ul>{items}</ul> : null;
}

function StepStatusForm({ step, stored }: { step: number; stored: { status: string; note: string } | null }) {
  return (
    <details className="form-details">
      <summary>Status van stap {step} vaststellen</summary>
      <Form method="post" className="narrow">
        <input type="hidden" name="intent" value="step" />
        <input type="hidden" name="step" value={step} />
        <div className="field">
          <label htmlFor={`stap-${step}-status`}>Status</label>
          <select id={`stap-${step}-status`} name="status" defaultValue={stored?.status ?? ""}>
            <option value="">Volg wat er is gebeurd</option>
            {CIRCLE_STEP_STATUSES.map((status) => (
              <option key={status} value={status}>
                {CIRCLE_STEP_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`stap-${step}-toelichting`}>Toelichting (niet verplicht)</label>
          <input
            type="text"
            id={`stap-${step}-toelichting`}
            name="note"
            maxLength={1000}
            defaultValue={stored?.note ?? ""}
          />
        </div>
        <button type="submit" className="button button--secondary button--small">
          Status opslaan
        </button>
      </Form>
    </details>
  );
}

function NetworkMeetingForm({ today }: { today: string }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "netwerkoverleg",
    lastResult,
    defaultValue: { step: "1", heldOn: today },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingFormSchema }),
  });
  const participants = fields.participants.getFieldset();
  return (
    <section aria-labelledby="overleg-titel">
      <h2 id="overleg-titel">Netwerkoverleg vastleggen</h2>
      <details className="form-details" open={Boolean(lastResult)}>
        <summary>Een netwerkoverleg of de jaarlijkse netwerkbijeenkomst vastleggen</summary>
        <Form method="post" {...getFormProps(form)} className="narrow">
          <FormError form={form} />
          <input type="hidden" name="intent" value="network-meeting" />
          <SelectField
            meta={fields.step}
            label="Welk overleg"
            options={[
              { value: "1", label: `Stap 1: ${CIRCLE_STEP_TITLES[1]}` },
              { value: "7", label: `Stap 7: ${CIRCLE_STEP_TITLES[7]}` },
            ]}
          />
          <TextField meta={fields.heldOn} label="Datum" type="date" max={today} />
          <fieldset className="field">
            <legend>Wie deden er mee (aantallen, geen namen)</legend>
            {ORGANISATION_KINDS.map((kind) => (
              <TextField
                key={kind}
                meta={participants[kind]}
                label={ORGANISATION_KIND_LABELS[kind]}
                type="number"
                min={0}
              />
            ))}
            <TextField meta={fields.expertsByExperience} label="Ervaringsdeskundigen" type="number" min={0} />
            <ErrorList id={fields.participants.errorId} errors={fields.participants.errors} />
          </fieldset>
          <TextAreaField meta={fields.notes} label="Aantekeningen" rows={3} />
          <TextAreaField meta={fields.decisions} label="Besluiten" rows={3} />
          <button type="submit" className="button">
            Overleg vastleggen
          </button>
        </Form>
      </details>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Leercirkel ${data.circle.name}` : "Leercirkel");

export function ErrorBoundary() {
  return <ErrorPage />;
}
