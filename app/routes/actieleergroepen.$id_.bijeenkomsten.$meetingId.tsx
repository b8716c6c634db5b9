import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { CheckboxGroup, ConfirmedActionForm, FormError, TextAreaField, TextField } from "~/components/forms";
import { MeetingSchema, MeetingYieldSchema } from "~/models/group.schema";
import { cancelMeeting, getGroupRoom, recordMeetingYield, updateMeeting } from "~/models/group.server";
import { formatDateTime, formatPeriod, toAmsterdamLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

/** The meeting within the group's room: only someone who may see the room sees the meeting. */
async function load(request: Request, params: unknown) {
  const user = await requireUser(request);
  const groupId = requireIdParam(params, "Actieleergroep");
  const meetingId = requireIdParam(params, "Bijeenkomst", "meetingId");
  const room = getGroupRoom({ groupId, viewer: user });
  const meeting = room?.meetings.find((m) => m.id === meetingId);
  if (!room || !meeting) throw new Response("Bijeenkomst niet gevonden", { status: 404 });
  return { user, room, meeting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { room, meeting } = await load(request, params);
  const now = Date.now();
  return {
    group: { id: room.group.id, name: room.group.name },
    canManage: room.canManage,
    started: meeting.startsAt.getTime() <= now,
    meeting: {
      id: meeting.id,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      location: meeting.location,
      agenda: meeting.agenda,
      yield: meeting.yield,
      cancelled: Boolean(meeting.cancelledAt),
      upcoming: meeting.upcoming,
      attendeeIds: meeting.attendeeIds,
    },
    members: room.members.map((m) => ({ userId: m.userId, name: m.name, organisationName: m.organisationName })),
    defaults: {
      startsAt: toAmsterdamLocal(meeting.startsAt),
      endsAt: toAmsterdamLocal(meeting.endsAt),
      location: meeting.location,
      agenda: meeting.agenda,
    },
  };
}

const UpdateSchema = MeetingSchema.and(z.object({ intent: z.literal("update") }));
const YieldSchema = MeetingYieldSchema.extend({ intent: z.literal("yield") });
const CancelSchema = z.object({
  intent: z.literal("cancel"),
  confirm: z.literal("ja", { error: "Vink aan dat de bijeenkomst niet doorgaat." }),
});

type Intent = "update" | "yield" | "cancel";
const reply = (intent: Intent, result: SubmissionResult<string[]>, status = 400) =>
  data({ intent, result }, { status });

function refuse(status: string): never {
  if (status === "forbidden") throw new Response("Dit mag alleen de begeleider of een coördinator.", { status: 403 });
  if (status === "closed") throw new Response("Deze actieleergroep is afgesloten.", { status: 409 });
  throw new Response("Bijeenkomst niet gevonden", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, room, meeting } = await load(request, params);
  const here = `/actieleergroepen/${room.group.id}/bijeenkomsten/${meeting.id}`;
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "update") {
    const submission = parseWithZod(form, { schema: UpdateSchema });
    if (submission.status !== "success") return reply(intent, submission.reply());
    const result = updateMeeting({ actorId: user.id, meetingId: meeting.id, input: submission.value });
    if (result.status === "cancelled") {
      return reply(intent, submission.reply({ formErrors: ["Deze bijeenkomst gaat niet door."] }), 409);
    }
    if (result.status !== "ok") refuse(result.status);
    return redirectWithFlash(
      here,
      result.mailed ? "Opgeslagen. De leden krijgen de nieuwe agenda-afspraak." : "Opgeslagen.",
    );
  }
  if (intent === "yield") {
    const submission = parseWithZod(form, { schema: YieldSchema });
    if (submission.status !== "success") return reply(intent, submission.reply());
    const result = recordMeetingYield({
      actorId: user.id,
      meetingId: meeting.id,
      yield: submission.value.yield,
      attendeeIds: submission.value.attendeeIds,
    });
    const formError = {
      cancelled: "Deze bijeenkomst ging niet door.",
      "not-yet": "De opbrengst leg je vast vanaf het begin van de bijeenkomst.",
      "unknown-attendee": "Kies alleen leden van de groep.",
    }[result.status as string];
    if (formError) return reply(intent, submission.reply({ formErrors: [formError] }), 409);
    if (result.status !== "ok") refuse(result.status);
    return redirectWithFlash(`/actieleergroepen/${room.group.id}`, "De opbrengst en de aanwezigheid zijn vastgelegd.");
  }
  if (intent === "cancel") {
    const submission = parseWithZod(form, { schema: CancelSchema });
    if (submission.status !== "success") return reply(intent, submission.reply());
    const result = cancelMeeting({ actorId: user.id, meetingId: meeting.id });
    if (result.status === "cancelled") return redirectWithFlash(here, "Deze bijeenkomst was al afgezegd.");
    if (result.status !== "ok") refuse(result.status);
    return redirectWithFlash(
      `/actieleergroepen/${room.group.id}`,
      "De bijeenkomst is afgezegd; de leden krijgen bericht.",
    );
  }
  throw new Response("Onbekende opdracht.", { status: 400 });
}

function useReply(intent: Intent) {
  const actionData = useActionData<typeof action>();
  return actionData?.intent === intent ? actionData.result : undefined;
}

export default function MeetingPage() {
  const { group, canManage, started, meeting, members, defaults } = useLoaderData<typeof loader>();
  const attendees = members.filter((m) => meeting.attendeeIds.includes(m.userId));
  return (
    <div className="narrow">
      <p>
        <Link to={`/actieleergroepen/${group.id}`}>← {group.name}</Link>
      </p>
      <h1>Bijeenkomst van {formatDateTime(meeting.startsAt)}</h1>
      <p className="lead">
        {formatPeriod(meeting.startsAt, meeting.endsAt)}
        {meeting.location ? ` · ${meeting.location}` : ""}
        {meeting.cancelled ? " · gaat niet door" : ""}
      </p>
      <h2>Agenda</h2>
      {meeting.agenda ? <p className="pre-line">{meeting.agenda}</p> : <p className="muted">Geen agenda.</p>}
      {meeting.yield ? (
        <>
          <h2>Opbrengst</h2>
          <p className="pre-line">{meeting.yield}</p>
          <p>
            Aanwezig ({attendees.length}): {attendees.map((a) => a.name).join(", ") || "niemand vastgelegd"}
          </p>
        </>
      ) : null}
      {canManage && !meeting.cancelled && started ? (
        <YieldForm members={members} current={meeting.yield ?? ""} attendeeIds={meeting.attendeeIds} />
      ) : null}
      {canManage && !meeting.cancelled && meeting.upcoming ? (
        <>
          <EditForm defaults={defaults} />
          <CancelForm />
        </>
      ) : null}
    </div>
  );
}

function YieldForm({
  members,
  current,
  attendeeIds,
}: {
  members: { userId: string; name: string; organisationName: string }[];
  current: string;
  attendeeIds: string[];
}) {
  const [form, fields] = useForm({
    id: "opbrengst",
    lastResult: useReply("yield"),
    defaultValue: { yield: current, attendeeIds },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: YieldSchema }),
  });
  return (
    <section aria-labelledby="opbrengst-titel">
      <h2 id="opbrengst-titel">Opbrengst en aanwezigheid vastleggen</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="hidden" name="intent" value="yield" />
        <TextAreaField
          meta={fields.yield}
          label="Opbrengst"
          hint="Wat hebben jullie geleerd, welke afspraken zijn gemaakt, wat neemt ieder mee naar de eigen organisatie?"
          rows={6}
        />
        <CheckboxGroup
          meta={fields.attendeeIds}
          legend="Wie was er?"
          options={members.map((m) => ({ value: m.userId, label: `${m.name} (${m.organisationName})` }))}
        />
        <button type="submit" className="button">
          Opbrengst opslaan
        </button>
      </Form>
    </section>
  );
}

function EditForm({ defaults }: { defaults: Record<"startsAt" | "endsAt" | "location" | "agenda", string> }) {
  const [form, fields] = useForm({
    id: "bijeenkomst-wijzigen",
    lastResult: useReply("update"),
    defaultValue: defaults,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateSchema }),
  });
  return (
    <section aria-labelledby="wijzigen-titel">
      <h2 id="wijzigen-titel">Wijzigen</h2>
      <p className="hint">Een nieuwe tijd of plaats gaat met een nieuwe agenda-afspraak naar de leden.</p>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="hidden" name="intent" value="update" />
        <TextField meta={fields.startsAt} label="Begin (Nederlandse tijd)" type="datetime-local" />
        <TextField meta={fields.endsAt} label="Einde (Nederlandse tijd)" type="datetime-local" />
        <TextField meta={fields.location} label="Plaats of link" />
        <TextAreaField meta={fields.agenda} label="Agenda" rows={4} />
        <button type="submit" className="button button--secondary">
          Wijzigingen opslaan
        </button>
      </Form>
    </section>
  );
}

function CancelForm() {
  const lastResult = useReply("cancel");
  return (
    <section aria-labelledby="afzeggen-titel">
      <h2 id="afzeggen-titel">Afzeggen</h2>
      <ConfirmedActionForm
        id="afzeggen"
        intent="cancel"
        confirmLabel="Ja, deze bijeenkomst gaat niet door."
        submitLabel="Bijeenkomst afzeggen"
        error={lastResult?.error?.confirm?.[0]}
      />
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Bijeenkomst ${data.group.name}` : "Bijeenkomst");

export function ErrorBoundary() {
  return <ErrorPage />;
}
