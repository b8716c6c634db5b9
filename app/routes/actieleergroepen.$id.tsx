import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { CheckboxField, FormError, SelectField, TextAreaField, TextField } from "~/components/forms";
import {
  ACTION_STATUS_LABELS,
  ActionSchema,
  CloseGroupSchema,
  EMBEDDING_KIND_LABELS,
  JoinRequestSchema,
  MeetingSchema,
} from "~/models/group.schema";
import {
  acceptInvitation,
  acceptRequest,
  closeGroup,
  createAction,
  declineInvitation,
  declineRequest,
  getGroupCard,
  getGroupRoom,
  inviteMember,
  leaveGroup,
  planMeeting,
  requestToJoin,
} from "~/models/group.server";
import { findUserIdByEmail } from "~/models/user.server";
import { amsterdamDay, addDays, formatDate, formatDateTime, toAmsterdamLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { ORGANISATION_KIND_LABELS, ROLE_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

const NOT_FOUND = "Actieleergroep niet gevonden";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const groupId = requireIdParam(params, "Actieleergroep");
  const room = getGroupRoom({ groupId, viewer: user });
  if (room) {
    const next = new Date(Date.now() + 14 * 86400_000);
    next.setMinutes(0, 0, 0);
    return {
      kind: "room" as const,
      userId: user.id,
      room,
      today: amsterdamDay(),
      defaults: {
        meetingStart: toAmsterdamLocal(next),
        meetingEnd: toAmsterdamLocal(next.getTime() + 2 * 3600_000),
        dueOn: addDays(amsterdamDay(), 28),
      },
    };
  }
  // Not in the room: what a person may know before joining, or nothing at all.
  const card = getGroupCard({ groupId, viewer: user });
  if (!card) throw new Response(NOT_FOUND, { status: 404 });
  return { kind: "card" as const, card };
}

const InviteFormSchema = z.object({
  intent: z.literal("invite"),
  email: z
    .string({ error: "Vul het e-mailadres in." })
    .trim()
    .min(1, "Vul het e-mailadres in.")
    .max(254, "Dit e-mailadres is te lang.")
    .pipe(z.email({ error: "Vul een geldig e-mailadres in." })),
  message: z.string().trim().max(1000, "Schrijf hoogstens 1000 tekens.").default(""),
});

const DecisionSchema = z.object({
  intent: z.enum(["accept-request", "decline-request"]),
  userId: z.string().min(1).max(64),
});

const CloseFormSchema = CloseGroupSchema.extend({
  intent: z.literal("close"),
  confirm: z.boolean({ error: "Vink aan dat de groep klaar is." }).refine((v) => v, "Vink aan dat de groep klaar is."),
});

const INTENTS = [
  "request",
  "accept-invitation",
  "decline-invitation",
  "leave",
  "invite",
  "accept-request",
  "decline-request",
  "plan-meeting",
  "create-action",
  "close",
] as const;
type Intent = (typeof INTENTS)[number];

const reply = (intent: Intent, result: SubmissionResult<string[]>, status = 400) =>
  data({ intent, result }, { status });

function refuse(status: string): never {
  if (status === "forbidden") throw new Response("Dit mag alleen de begeleider of een coördinator.", { status: 403 });
  if (status === "closed") throw new Response("Deze actieleergroep is afgesloten.", { status: 409 });
  throw new Response(NOT_FOUND, { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const groupId = requireIdParam(params, "Actieleergroep");
  const here = `/actieleergroepen/${groupId}`;
  const form = await readFormData(request);
  const parsedIntent = z.enum(INTENTS).safeParse(form.get("intent"));
  if (!parsedIntent.success) throw new Response("Onbekende opdracht.", { status: 400 });
  const intent = parsedIntent.data;

  switch (intent) {
    case "request": {
      const submission = parseWithZod(form, { schema: JoinRequestSchema });
      if (submission.status !== "success") return reply(intent, submission.reply());
      const result = requestToJoin({ userId: user.id, groupId, message: submission.value.message });
      const messages: Record<typeof result.status, string> = {
        requested: "Je aanvraag is verstuurd. De begeleider laat weten of je mee kunt doen.",
        joined: "Je doet mee met de actieleergroep.",
        "already-member": "Je doet al mee.",
        "already-requested": "Je had al gevraagd om mee te doen.",
        full: "De groep is vol.",
        closed: "Deze actieleergroep is afgesloten.",
        "not-found": NOT_FOUND,
      };
      if (result.status === "not-found") refuse("not-found");
      return redirectWithFlash(here, messages[result.status]);
    }
    case "accept-invitation":
    case "decline-invitation": {
      const accept = intent === "accept-invitation";
      const result = (accept ? acceptInvitation : declineInvitation)({ userId: user.id, groupId });
      if (result.status === "not-found") refuse("not-found");
      if (result.status === "closed") return redirectWithFlash(here, "Deze actieleergroep is afgesloten.");
      if (result.status === "full") return redirectWithFlash(here, "De groep is inmiddels vol.");
      return accept
        ? redirectWithFlash(here, "Welkom in de actieleergroep. Je krijgt de bijeenkomsten in je agenda.")
        : redirectWithFlash("/actieleergroepen", "Je hebt de uitnodiging afgeslagen.");
    }
    case "leave": {
      const result = leaveGroup({ userId: user.id, groupId });
      if (result.status !== "ok") refuse(result.status);
      return redirectWithFlash("/actieleergroepen", "Je doet niet meer mee met deze actieleergroep.");
    }
    case "invite": {
      const submission = parseWithZod(form, { schema: InviteFormSchema });
      if (submission.status !== "success") return reply(intent, submission.reply());
      const invitee = findUserIdByEmail(submission.value.email);
      if (!invitee) {
        return reply(intent, submission.reply({ fieldErrors: { email: ["Er is geen account met dit e-mailadres."] } }));
      }
      const result = inviteMember({ actorId: user.id, groupId, userId: invitee, message: submission.value.message });
      const fieldError: Partial<Record<typeof result.status, string>> = {
        "unknown-user": "Er is geen account met dit e-mailadres.",
        "is-facilitator": "Dit is de begeleider van de groep.",
        "already-member": "Deze persoon doet al mee.",
        "already-invited": "Deze persoon is al uitgenodigd.",
        full: "De groep is vol: verhoog eerst het maximum aantal deelnemers.",
      };
      const message = fieldError[result.status];
      if (message) return reply(intent, submission.reply({ fieldErrors: { email: [message] } }), 409);
      if (result.status !== "ok") refuse(result.status);
      return redirectWithFlash(
        here,
        result.joined ? "Deze persoon had al gevraagd mee te doen en is nu lid." : "De uitnodiging is verstuurd.",
      );
    }
    case "accept-request":
    case "decline-request": {
      const parsed = DecisionSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response("Onbekende aanvraag.", { status: 400 });
      const args = { actorId: user.id, groupId, userId: parsed.data.userId };
      const result = intent === "accept-request" ? acceptRequest(args) : declineRequest(args);
      if (result.status === "no-request") return redirectWithFlash(here, "Deze aanvraag is al afgehandeld.");
      if (result.status === "full") return redirectWithFlash(here, "De groep is vol.");
      if (result.status !== "ok") refuse(result.status);
      return redirectWithFlash(here, intent === "accept-request" ? "Aanvraag aangenomen." : "Aanvraag afgewezen.");
    }
    case "plan-meeting": {
      const submission = parseWithZod(form, { schema: MeetingSchema });
      if (submission.status !== "success") return reply(intent, submission.reply());
      const result = planMeeting({ actorId: user.id, groupId, input: submission.value });
      if (result.status !== "ok") refuse(result.status);
      return redirectWithFlash(here, "De bijeenkomst is gepland; de leden krijgen een agenda-afspraak.");
    }
    case "create-action": {
      const submission = parseWithZod(form, { schema: ActionSchema });
      if (submission.status !== "success") return reply(intent, submission.reply());
      const result = createAction({ actorId: user.id, groupId, input: submission.value });
      const fieldErrors: Partial<Record<typeof result.status, [string, string]>> = {
        "owner-not-member": ["ownerId", "Kies een lid van de groep."],
        "unknown-organisation": ["organisationId", "Kies een organisatie uit de lijst."],
        "unknown-meeting": ["meetingId", "Kies een bijeenkomst van deze groep."],
      };
      const fieldError = result.status === "invalid-date" ? ["dueOn", result.message] : fieldErrors[result.status];
      if (fieldError) {
        return reply(intent, submission.reply({ fieldErrors: { [fieldError[0]!]: [fieldError[1]!] } }));
      }
      if (result.status !== "ok") refuse(result.status);
      return redirectWithFlash(`${here}#acties`, "De actie staat erin.");
    }
    case "close": {
      const submission = parseWithZod(form, { schema: CloseFormSchema });
      if (submission.status !== "success") return reply(intent, submission.reply());
      const result = closeGroup({ actorId: user.id, groupId, finalYield: submission.value.finalYield });
      if (result.status !== "ok") refuse(result.status);
      return redirectWithFlash(here, "De groep is afgesloten. Alles blijft leesbaar voor de leden.");
    }
  }
}

type RoomData = Extract<Awaited<ReturnType<typeof loader>>, { kind: "room" }>;
type Room = RoomData["room"];

function useReply(intent: Intent) {
  const actionData = useActionData<typeof action>();
  return actionData && "intent" in actionData && actionData.intent === intent ? actionData.result : undefined;
}

export default function GroupPage() {
  const page = useLoaderData<typeof loader>();
  return page.kind === "room" ? <GroupRoom data={page} /> : <GroupCard card={page.card} />;
}

function Agreements(props: {
  learningQuestion: string;
  aim: string;
  plannedMeetings: number;
  meetingIntervalWeeks: number;
  confidentiality: string;
  attendance: string;
  commitment: string;
}) {
  return (
    <dl className="agreements">
      <div>
        <dt>Leervraag</dt>
        <dd className="pre-line">{props.learningQuestion}</dd>
      </div>
      {props.aim ? (
        <div>
          <dt>Doel</dt>
          <dd className="pre-line">{props.aim}</dd>
        </div>
      ) : null}
      <div>
        <dt>Bijeenkomsten</dt>
        <dd>
          {props.plannedMeetings} bijeenkomsten,{" "}
          {props.meetingIntervalWeeks === 1 ? "elke week" : `om de ${props.meetingIntervalWeeks} weken`}
        </dd>
      </div>
      {props.confidentiality ? (
        <div>
          <dt>Vertrouwelijkheid</dt>
          <dd className="pre-line">{props.confidentiality}</dd>
        </div>
      ) : null}
      {props.attendance ? (
        <div>
          <dt>Aanwezigheid</dt>
          <dd className="pre-line">{props.attendance}</dd>
        </div>
      ) : null}
      {props.commitment ? (
        <div>
          <dt>Wat deelnemers toezeggen</dt>
          <dd className="pre-line">{props.commitment}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** For someone outside the room: the set-up, and asking to join or answering an invitation. */
function GroupCard({ card }: { card: Extract<Awaited<ReturnType<typeof loader>>, { kind: "card" }>["card"] }) {
  const lastResult = useReply("request");
  const [form, fields] = useForm({
    id: "aanvraag",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: JoinRequestSchema }),
  });
  return (
    <div className="narrow">
      <p>
        <Link to="/actieleergroepen">← Actieleergroepen</Link>
      </p>
      <h1>{card.name}</h1>
      <p className="lead">
        {card.themeName ? `${card.themeName} · ` : ""}begeleid door {card.facilitatorName ?? "nog onbekend"} · vanaf{" "}
        {formatDate(card.startsOn)}
      </p>
      <Agreements {...card} />
      <section className="card" aria-labelledby="meedoen-titel">
        <h2 id="meedoen-titel">Meedoen</h2>
        {card.closedAt ? (
          <p>Deze actieleergroep is afgesloten.</p>
        ) : card.membership === "invited" ? (
          <>
            <p>Je bent uitgenodigd voor deze actieleergroep. Doe je mee?</p>
            <Form method="post" className="form-row">
              <button type="submit" name="intent" value="accept-invitation" className="button">
                Ja, ik doe mee
              </button>
              <button type="submit" name="intent" value="decline-invitation" className="button button--secondary">
                Nee, liever niet
              </button>
            </Form>
          </>
        ) : card.membership === "requested" ? (
          <p>Je hebt gevraagd om mee te doen. De begeleider laat het je weten.</p>
        ) : card.placesLeft === 0 ? (
          <p>De groep is vol.</p>
        ) : (
          <>
            <p>
              Nog {card.placesLeft} {card.placesLeft === 1 ? "plaats" : "plaatsen"}. De begeleider beslist over je
              aanvraag.
            </p>
            <Form method="post" {...getFormProps(form)}>
              <FormError form={form} />
              <TextAreaField
                meta={fields.message}
                label="Waarom wil je meedoen? (niet verplicht)"
                hint="Bijvoorbeeld welke vraag uit je eigen werk je meebrengt."
                rows={3}
              />
              <button type="submit" name="intent" value="request" className="button">
                Vragen om mee te doen
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

function GroupRoom({ data: { room, userId, today, defaults } }: { data: RoomData }) {
  const { group } = room;
  const isMember = room.members.some((m) => m.userId === userId);
  return (
    <div>
      <p>
        <Link to="/actieleergroepen">← Actieleergroepen</Link>
      </p>
      <h1>{group.name}</h1>
      <p className="lead">
        {group.themeName ? `${group.themeName} · ` : ""}begeleid door {group.facilitatorName ?? "nog onbekend"} · vanaf{" "}
        {formatDate(group.startsOn)}
        {room.readOnly ? " · afgesloten" : ""}
      </p>
      <p>
        <Link to={`/actieleergroepen/${group.id}/monitor`}>Monitor van de groep</Link>
      </p>
      {room.readOnly && group.finalYield ? (
        <section className="card" aria-labelledby="opbrengst-titel">
          <h2 id="opbrengst-titel">Opbrengst van de groep</h2>
          <p className="pre-line">{group.finalYield}</p>
          <p className="muted">Afgesloten op {formatDate(group.closedAt)}.</p>
        </section>
      ) : null}
      <section aria-labelledby="afspraken-titel">
        <h2 id="afspraken-titel">Leervraag en afspraken</h2>
        <Agreements {...group} />
      </section>
      <Members room={room} />
      <Meetings room={room} defaults={defaults} />
      <Actions room={room} today={today} defaultDueOn={defaults.dueOn} />
      {room.canManage ? <CloseGroup /> : null}
      {isMember && !room.readOnly ? (
        <section aria-labelledby="stoppen-titel">
          <h2 id="stoppen-titel">Stoppen</h2>
          <p>Stop je met de groep, dan blijven je acties bij de groep en haalt de begeleider ze over.</p>
          <Form method="post">
            <button type="submit" name="intent" value="leave" className="button button--secondary">
              Ik stop met deze groep
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

function Members({ room }: { room: Room }) {
  const lastResult = useReply("invite");
  const [form, fields] = useForm({
    id: "uitnodigen",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteFormSchema }),
  });
  const { composition } = room;
  return (
    <section aria-labelledby="leden-titel">
      <h2 id="leden-titel">
        Leden ({room.members.length} van {room.group.maxMembers})
      </h2>
      {composition.warnings.length ? (
        <div className="notice notice--warning">
          <p>
            <strong>Let op de samenstelling:</strong>
          </p>
          <ul>
            {composition.warnings.map((w) => (
              <li key={w.code}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {room.members.length ? (
        <div className="table-wrap" role="region" aria-label="Leden" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Organisatie</th>
                <th scope="col">Rol</th>
              </tr>
            </thead>
            <tbody>
              {room.members.map((m) => (
                <tr key={m.userId}>
                  <th scope="row">{m.name}</th>
                  <td>
                    {m.organisationName} <span className="muted">({ORGANISATION_KIND_LABELS[m.organisationKind]})</span>
                  </td>
                  <td>{m.roles.map((r) => ROLE_LABELS[r]).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Nog geen leden.</p>
      )}
      {composition.byOrganisation.length > 1 ? (
        <p className="muted">
          Uit {composition.byOrganisation.length} organisaties:{" "}
          {composition.byOrganisation.map((o) => `${o.name} (${o.members})`).join(", ")}.
        </p>
      ) : null}
      {room.canManage ? (
        <>
          {room.requests.length ? (
            <>
              <h3>Aanvragen</h3>
              <ul className="plain-list">
                {room.requests.map((r) => (
                  <li key={r.userId} className="card">
                    <p>
                      <strong>{r.name}</strong> ({r.organisationName}) vraagt om mee te doen.
                    </p>
                    {r.message ? <p className="pre-line">{r.message}</p> : null}
                    <Form method="post" className="form-row">
                      <input type="hidden" name="userId" value={r.userId} />
                      <button
                        type="submit"
                        name="intent"
                        value="accept-request"
                        className="button button--small"
                        aria-label={`Aannemen: ${r.name}`}
                      >
                        Aannemen
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="decline-request"
                        className="button button--secondary button--small"
                        aria-label={`Afwijzen: ${r.name}`}
                      >
                        Afwijzen
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {room.invited.length ? (
            <p className="muted">Uitgenodigd, nog geen antwoord: {room.invited.map((p) => p.name).join(", ")}.</p>
          ) : null}
          <h3>Iemand uitnodigen</h3>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <FormError form={form} />
            <TextField meta={fields.email} label="E-mailadres" type="email" autoComplete="off" />
            <TextAreaField meta={fields.message} label="Persoonlijk bericht (niet verplicht)" rows={2} />
            <button type="submit" name="intent" value="invite" className="button button--secondary">
              Uitnodiging versturen
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

function Meetings({ room, defaults }: { room: Room; defaults: RoomData["defaults"] }) {
  const lastResult = useReply("plan-meeting");
  const [form, fields] = useForm({
    id: "bijeenkomst",
    lastResult,
    defaultValue: { startsAt: defaults.meetingStart, endsAt: defaults.meetingEnd },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingSchema }),
  });
  const meetings = room.meetings.filter((m) => !m.cancelledAt);
  return (
    <section aria-labelledby="bijeenkomsten-titel">
      <h2 id="bijeenkomsten-titel">
        Bijeenkomsten ({meetings.filter((m) => !m.upcoming).length} van {room.group.plannedMeetings} gehouden)
      </h2>
      {meetings.length ? (
        <ol className="plain-list meetings">
          {meetings.map((m) => (
            <li key={m.id} className="card">
              <h3>
                <Link to={`/actieleergroepen/${room.group.id}/bijeenkomsten/${m.id}`}>
                  {formatDateTime(m.startsAt)}
                </Link>
              </h3>
              {m.location ? <p className="muted">{m.location}</p> : null}
              {m.upcoming ? (
                m.agenda ? (
                  <p className="pre-line">{m.agenda}</p>
                ) : (
                  <p className="muted">Nog geen agenda.</p>
                )
              ) : m.yield ? (
                <>
                  <p>
                    <strong>Opbrengst</strong> ({m.attendeeIds.length} aanwezig)
                  </p>
                  <p className="pre-line">{m.yield}</p>
                </>
              ) : (
                <p className="muted">De opbrengst is nog niet vastgelegd.</p>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p>Er is nog geen bijeenkomst gepland.</p>
      )}
      {room.canManage ? (
        <details className="form-details" open={Boolean(lastResult)}>
          <summary>Nieuwe bijeenkomst</summary>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <FormError form={form} />
            <TextField meta={fields.startsAt} label="Begin (Nederlandse tijd)" type="datetime-local" />
            <TextField meta={fields.endsAt} label="Einde (Nederlandse tijd)" type="datetime-local" />
            <TextField
              meta={fields.location}
              label="Plaats of link"
              hint="Een adres of de link naar de online bijeenkomst."
            />
            <TextAreaField meta={fields.agenda} label="Agenda" rows={4} />
            <button type="submit" name="intent" value="plan-meeting" className="button">
              Bijeenkomst plannen
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

function Actions({ room, today, defaultDueOn }: { room: Room; today: string; defaultDueOn: string }) {
  const lastResult = useReply("create-action");
  const [form, fields] = useForm({
    id: "actie",
    lastResult,
    defaultValue: { dueOn: defaultDueOn },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActionSchema }),
  });
  const organisations = [
    ...new Map(
      room.members.map((m) => [m.organisationId, { id: m.organisationId, name: m.organisationName }]),
    ).values(),
  ];
  return (
    <section aria-labelledby="acties-titel" id="acties">
      <h2 id="acties-titel">Acties</h2>
      {room.actions.length ? (
        <div className="table-wrap" role="region" aria-label="Acties" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Actie</th>
                <th scope="col">Trekker</th>
                <th scope="col">Organisatie</th>
                <th scope="col">Klaar op</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {room.actions.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/actieleergroepen/${room.group.id}/acties/${a.id}`}>{a.description}</Link>
                  </th>
                  <td>{a.ownerName ?? "oud-lid"}</td>
                  <td>{a.organisationName ?? "–"}</td>
                  <td>
                    {formatDate(a.dueOn)}
                    {a.overdue ? <strong className="badge badge--warning"> te laat</strong> : null}
                  </td>
                  <td>
                    {ACTION_STATUS_LABELS[a.status]}
                    {a.embeddedIn ? (
                      <span className="muted"> · geborgd ({EMBEDDING_KIND_LABELS[a.embeddedIn].toLowerCase()})</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Nog geen acties. Wat gaan jullie na de bijeenkomst anders doen in je eigen organisatie?</p>
      )}
      {!room.readOnly && room.members.length ? (
        <details className="form-details" open={Boolean(lastResult)}>
          <summary>Nieuwe actie</summary>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <FormError form={form} />
            <TextAreaField meta={fields.description} label="Wat gaat er gebeuren?" rows={3} />
            <SelectField
              meta={fields.ownerId}
              label="Trekker"
              placeholder="Kies een lid"
              options={room.members.map((m) => ({ value: m.userId, label: `${m.name} (${m.organisationName})` }))}
            />
            <SelectField
              meta={fields.organisationId}
              label="Organisatie waar het om gaat"
              placeholder="De organisatie van de trekker"
              options={organisations.map((o) => ({ value: String(o.id), label: o.name }))}
            />
            <TextField meta={fields.dueOn} label="Klaar op" type="date" min={today} />
            <button type="submit" name="intent" value="create-action" className="button">
              Actie toevoegen
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

function CloseGroup() {
  const lastResult = useReply("close");
  const [form, fields] = useForm({
    id: "afsluiten",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CloseFormSchema }),
  });
  return (
    <section aria-labelledby="afsluiten-titel">
      <h2 id="afsluiten-titel">Groep afsluiten</h2>
      <details className="form-details" open={Boolean(lastResult)}>
        <summary>De groep is klaar: opbrengst vastleggen en afsluiten</summary>
        <Form method="post" {...getFormProps(form)} className="narrow">
          <FormError form={form} />
          <TextAreaField
            meta={fields.finalYield}
            label="Opbrengst van de groep"
            hint="Wat heeft de groep opgeleverd, wat is geborgd in de organisaties, en wat nemen jullie mee naar het netwerkoverleg?"
            rows={6}
          />
          <CheckboxField
            meta={fields.confirm}
            label="Ja, de groep is klaar. Bijeenkomsten die nog komen gaan niet door."
          />
          <button type="submit" name="intent" value="close" className="button button--danger">
            Groep afsluiten
          </button>
        </Form>
      </details>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? (data.kind === "room" ? data.room.group.name : data.card.name) : "Actieleergroep");

export function ErrorBoundary() {
  return <ErrorPage />;
}
