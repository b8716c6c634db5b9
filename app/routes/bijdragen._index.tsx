import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import {
  dismissInvite,
  listOpenInvites,
  listOwnContributions,
  markContributionsSeen,
} from "~/models/contribution.server";
import { formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { CONTRIBUTION_KIND_LABELS, CONTRIBUTION_STATUS_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "expert" });
  return { contributions: listOwnContributions(user.id), invites: listOpenInvites(user.id) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("seen"), id: z.coerce.number().int().positive().optional() }),
  z.object({ intent: z.literal("dismiss-invite"), id: z.coerce.number().int().positive() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "expert" });
  const parsed = ActionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response("Onbekende opdracht.", { status: 400 });
  const back = new URL(request.url).searchParams.get("terug") === "start" ? "/" : "/bijdragen";
  if (parsed.data.intent === "seen") {
    markContributionsSeen({ userId: user.id, id: parsed.data.id });
    return redirectWithFlash(back, "Gemarkeerd als gelezen.");
  }
  const result = dismissInvite({ userId: user.id, id: parsed.data.id });
  if (result.status !== "ok") throw new Response("Uitnodiging niet gevonden.", { status: 404 });
  return redirectWithFlash(back, "De uitnodiging is weggezet.");
}

export default function MyContributions() {
  const { contributions, invites } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>Mijn bijdragen</h1>
      <p className="lead">
        Jouw ervaring als ouder of jongere is een van de drie delen van elke module. Schrijf een doen, een niet doen,
        een tip of een kort verhaal; een coördinator bekijkt het en zet het in de modules van het thema.
      </p>
      <p>
        <Link className="button" to="/bijdragen/nieuw">
          Nieuwe bijdrage schrijven
        </Link>
      </p>

      {invites.length ? (
        <section aria-labelledby="uitnodigingen-titel">
          <h2 id="uitnodigingen-titel">Uitnodigingen</h2>
          <ul className="stack">
            {invites.map((invite) => (
              <li key={invite.id} className="card">
                <p>
                  {invite.inviterName ?? "Een coördinator"} nodigt je uit om bij te dragen aan het thema{" "}
                  <strong>{invite.themeName}</strong>
                  {invite.slug ? " (één module)" : ""}.
                </p>
                {invite.message ? <p className="pre-line">{invite.message}</p> : null}
                <div className="actions">
                  <Link className="button" to={`/bijdragen/nieuw?uitnodiging=${invite.id}`}>
                    Schrijf je bijdrage
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="id" value={invite.id} />
                    <button type="submit" name="intent" value="dismiss-invite" className="button button--quiet">
                      Nu niet
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="lijst-titel">
        <h2 id="lijst-titel">Wat je schreef</h2>
        {contributions.length === 0 ? (
          <p>Je hebt nog geen bijdragen geschreven.</p>
        ) : (
          <ul className="stack">
            {contributions.map((c) => {
              const unseen = c.decidedAt && (!c.seenAt || c.decidedAt > c.seenAt);
              return (
                <li key={c.id} className="card contribution-card">
                  <p className="contribution-card__meta">
                    <span className={`status status--${c.status}`}>{CONTRIBUTION_STATUS_LABELS[c.status]}</span>{" "}
                    {CONTRIBUTION_KIND_LABELS[c.kind]} · {c.themeName} · laatst gewijzigd {formatDate(c.updatedAt)}
                    {unseen ? <strong> · nieuw</strong> : null}
                  </p>
                  <p className="pre-line contribution-card__text">{c.text}</p>
                  {c.status === "returned" && c.reviewComment ? (
                    <p className="notice">Vraag van de coördinator: {c.reviewComment}</p>
                  ) : null}
                  <p>
                    <Link to={`/bijdragen/${c.id}`}>
                      {c.status === "draft" || c.status === "returned" ? "Bekijken en aanpassen" : "Bekijken"}
                      <span className="visually-hidden"> (bijdrage {c.id})</span>
                    </Link>
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Mijn bijdragen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
