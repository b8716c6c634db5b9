import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ACTION_STATUSES, EMBEDDING_KINDS } from "@db/schema/enums";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { FormError, RadioGroup, SelectField, TextAreaField, TextField } from "~/components/forms";
import { ACTION_STATUS_LABELS, ActionSchema, ActionStatusSchema, EMBEDDING_KIND_LABELS } from "~/models/group.schema";
import { changeActionStatus, getGroupRoom, updateAction } from "~/models/group.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

/** The action within the group's room: only someone who may see the room sees the action. */
async function load(request: Request, params: unknown) {
  const user = await requireUser(request);
  const groupId = requireIdParam(params, "Actieleergroep");
  const actionId = requireIdParam(params, "Actie", "actionId");
  const room = getGroupRoom({ groupId, viewer: user });
  const found = room?.actions.find((a) => a.id === actionId);
  if (!room || !found) throw new Response("Actie niet gevonden", { status: 404 });
  return { user, room, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { room, found } = await load(request, params);
  return {
    group: { id: room.group.id, name: room.group.name },
    members: room.members.map((m) => ({ userId: m.userId, name: m.name, organisationName: m.organisationName })),
    organisations: [
      ...new Map(
        room.members.map((m) => [m.organisationId, { id: m.organisationId, name: m.organisationName }]),
      ).values(),
    ],
    action: {
      id: found.id,
      ownerId: found.ownerId,
      organisationId: found.organisationId,
      description: found.description,
      ownerName: found.ownerName,
      organisationName: found.organisationName,
      dueOn: found.dueOn,
      status: found.status,
      overdue: found.overdue,
      embeddedIn: found.embeddedIn,
      embeddingEvidence: found.embeddingEvidence,
      canChange: found.canChange,
      updates: found.updates,
    },
  };
}

const StatusFormSchema = ActionStatusSchema.and(z.object({ intent: z.literal("status") }));
const EditFormSchema = ActionSchema.omit({ meetingId: true }).extend({ intent: z.literal("edit") });
type Intent = "status" | "edit";

function refuse(status: string): never {
  if (status === "forbidden") {
    throw new Response("Alleen de trekker, de begeleider of een coördinator verandert deze actie.", { status: 403 });
  }
  if (status === "closed") throw new Response("Deze actieleergroep is afgesloten.", { status: 409 });
  throw new Response("Actie niet gevonden", { status: 404 });
}

const reply = (intent: Intent, result: SubmissionResult<string[]>, status = 400) =>
  data({ intent, result }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, room, found } = await load(request, params);
  const back = `/actieleergroepen/${room.group.id}`;
  const form = await readFormData(request);
  if (form.get("intent") === "edit") {
    const submission = parseWithZod(form, { schema: EditFormSchema });
    if (submission.status !== "success") return reply("edit", submission.reply());
    const result = updateAction({ actorId: user.id, actionId: found.id, input: submission.value });
    const fieldErrors: Partial<Record<typeof result.status, [string, string]>> = {
      "owner-not-member": ["ownerId", "Kies een lid van de groep."],
      "unknown-organisation": ["organisationId", "Kies een organisatie uit de lijst."],
    };
    const fieldError = result.status === "invalid-date" ? ["dueOn", result.message] : fieldErrors[result.status];
    if (fieldError) return reply("edit", submission.reply({ fieldErrors: { [fieldError[0]!]: [fieldError[1]!] } }));
    if (result.status !== "ok") refuse(result.status);
    return redirectWithFlash(`${back}/acties/${found.id}`, "De actie is gewijzigd.");
  }
  const submission = parseWithZod(form, { schema: StatusFormSchema });
  if (submission.status !== "success") return reply("status", submission.reply());
  const result = changeActionStatus({ actorId: user.id, actionId: found.id, ...submission.value });
  if (result.status === "conflict") {
    return reply(
      "status",
      submission.reply({
        formErrors: ["Iemand anders veranderde de actie net. Bekijk de nieuwe stand en probeer opnieuw."],
      }),
      409,
    );
  }
  if (result.status === "embedding-needs-done") {
    return reply(
      "status",
      submission.reply({ fieldErrors: { embeddedIn: ["Een actie is pas geborgd als ze gedaan is."] } }),
    );
  }
  if (result.status !== "ok") refuse(result.status);
  return redirectWithFlash(`${back}#acties`, "De actie is bijgewerkt.");
}

function useReply(intent: Intent) {
  const actionData = useActionData<typeof action>();
  return actionData?.intent === intent ? actionData.result : undefined;
}

export default function ActionPage() {
  const { group, action: item, members, organisations } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "actie-status",
    lastResult: useReply("status"),
    defaultValue: { status: item.status },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StatusFormSchema }),
  });
  return (
    <div className="narrow">
      <p>
        <Link to={`/actieleergroepen/${group.id}#acties`}>← {group.name}</Link>
      </p>
      <h1>Actie</h1>
      <p className="lead pre-line">{item.description}</p>
      <dl className="facts">
        <div>
          <dt>Trekker</dt>
          <dd>{item.ownerName ?? "oud-lid"}</dd>
        </div>
        <div>
          <dt>Organisatie</dt>
          <dd>{item.organisationName ?? "–"}</dd>
        </div>
        <div>
          <dt>Klaar op</dt>
          <dd>
            {formatDate(item.dueOn)}
            {item.overdue ? <strong className="badge badge--warning"> te laat</strong> : null}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{ACTION_STATUS_LABELS[item.status]}</dd>
        </div>
      </dl>
      {item.embeddedIn ? (
        <p className="notice">
          <strong>Geborgd: {EMBEDDING_KIND_LABELS[item.embeddedIn].toLowerCase()}.</strong> {item.embeddingEvidence}
        </p>
      ) : null}

      {item.canChange ? (
        <section aria-labelledby="bijwerken-titel">
          <h2 id="bijwerken-titel">Bijwerken</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormError form={form} />
            <input type="hidden" name="intent" value="status" />
            <RadioGroup
              meta={fields.status}
              legend="Status"
              options={ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] }))}
            />
            <TextAreaField meta={fields.update} label="Wat is er veranderd?" rows={3} />
            <SelectField
              meta={fields.embeddedIn}
              label="Geborgd in (bij een actie die gedaan is)"
              placeholder="Nog niet geborgd"
              options={EMBEDDING_KINDS.map((k) => ({ value: k, label: EMBEDDING_KIND_LABELS[k] }))}
            />
            <TextAreaField
              meta={fields.embeddingEvidence}
              label="Waaruit blijkt dat?"
              hint="Bijvoorbeeld: welk protocol, welke training of welk overleg, en sinds wanneer."
              rows={2}
            />
            <button type="submit" className="button">
              Actie bijwerken
            </button>
          </Form>
        </section>
      ) : null}

      {item.canChange ? (
        <EditAction
          defaults={{
            description: item.description,
            ownerId: item.ownerId ?? "",
            organisationId: item.organisationId ? String(item.organisationId) : "",
            dueOn: item.dueOn,
          }}
          members={members}
          organisations={organisations}
        />
      ) : null}

      <section aria-labelledby="verloop-titel">
        <h2 id="verloop-titel">Verloop</h2>
        <ol className="plain-list history">
          {item.updates.map((u) => (
            <li key={u.id}>
              <p>
                <strong>
                  {u.fromStatus
                    ? `${ACTION_STATUS_LABELS[u.fromStatus]} → ${ACTION_STATUS_LABELS[u.toStatus]}`
                    : "Actie aangemaakt"}
                </strong>{" "}
                <span className="muted">
                  {formatDateTime(u.createdAt)}
                  {u.actorName ? `, ${u.actorName}` : ""}
                </span>
              </p>
              {u.note ? <p className="pre-line">{u.note}</p> : null}
              {u.embeddedIn ? (
                <p className="muted">
                  Geborgd: {EMBEDDING_KIND_LABELS[u.embeddedIn].toLowerCase()} – {u.embeddingEvidence}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function EditAction({
  defaults,
  members,
  organisations,
}: {
  defaults: Record<"description" | "ownerId" | "organisationId" | "dueOn", string>;
  members: { userId: string; name: string; organisationName: string }[];
  organisations: { id: number; name: string }[];
}) {
  const lastResult = useReply("edit");
  const [form, fields] = useForm({
    id: "actie-wijzigen",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditFormSchema }),
  });
  return (
    <section aria-labelledby="wijzigen-titel">
      <h2 id="wijzigen-titel">Wijzigen</h2>
      <details className="form-details" open={Boolean(lastResult)}>
        <summary>Beschrijving, trekker of datum aanpassen</summary>
        <p className="hint">Een nieuwe datum of trekker zet de herinneringen opnieuw aan.</p>
        <Form method="post" {...getFormProps(form)}>
          <FormError form={form} />
          <input type="hidden" name="intent" value="edit" />
          <TextAreaField meta={fields.description} label="Wat gaat er gebeuren?" rows={3} />
          <SelectField
            meta={fields.ownerId}
            label="Trekker"
            options={members.map((m) => ({ value: m.userId, label: `${m.name} (${m.organisationName})` }))}
          />
          <SelectField
            meta={fields.organisationId}
            label="Organisatie waar het om gaat"
            placeholder="De organisatie van de trekker"
            options={organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          />
          <TextField meta={fields.dueOn} label="Klaar op" type="date" />
          <button type="submit" className="button button--secondary">
            Wijzigingen opslaan
          </button>
        </Form>
      </details>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Actie – ${data.group.name}` : "Actie");

export function ErrorBoundary() {
  return <ErrorPage />;
}
