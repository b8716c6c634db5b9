import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ACTION_STATUSES, EMBEDDING_KINDS } from "@db/schema/enums";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { FormError, RadioGroup, SelectField, TextAreaField } from "~/components/forms";
import { ACTION_STATUS_LABELS, ActionStatusSchema, EMBEDDING_KIND_LABELS } from "~/models/group.schema";
import { changeActionStatus, getGroupRoom } from "~/models/group.server";
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
    action: {
      id: found.id,
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

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, room, found } = await load(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: ActionStatusSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = changeActionStatus({ actorId: user.id, actionId: found.id, ...submission.value });
  if (result.status === "forbidden") {
    throw new Response("Alleen de trekker, de begeleider of een coördinator verandert deze actie.", { status: 403 });
  }
  if (result.status === "closed") throw new Response("Deze actieleergroep is afgesloten.", { status: 409 });
  if (result.status === "not-found") throw new Response("Actie niet gevonden", { status: 404 });
  if (result.status === "conflict") {
    return data(
      submission.reply({
        formErrors: ["Iemand anders veranderde de actie net. Bekijk de nieuwe stand en probeer opnieuw."],
      }),
      { status: 409 },
    );
  }
  if (result.status === "embedding-needs-done") {
    return data(submission.reply({ fieldErrors: { embeddedIn: ["Een actie is pas geborgd als ze gedaan is."] } }), {
      status: 400,
    });
  }
  return redirectWithFlash(`/actieleergroepen/${room.group.id}#acties`, "De actie is bijgewerkt.");
}

export default function ActionPage() {
  const { group, action: item } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "actie-status",
    lastResult,
    defaultValue: { status: item.status },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActionStatusSchema }),
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

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Actie – ${data.group.name}` : "Actie");

export function ErrorBoundary() {
  return <ErrorPage />;
}
