import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { listClosedPollsForUser, listOpenPollsForUser } from "~/models/poll.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const pick = (p: { id: number; question: string; closesAt: Date; closedAt: Date | null }) => ({
    id: p.id,
    question: p.question,
    closesAt: p.closedAt ?? p.closesAt,
  });
  return {
    open: listOpenPollsForUser(user).map((p) => ({ ...pick(p), voted: p.voted })),
    closed: listClosedPollsForUser(user).map(pick),
  };
}

export default function Polls() {
  const { open, closed } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>Peilingen</h1>
      <p className="lead">
        Welke thema&apos;s zijn nodig in de jeugdhulp, en wat eerst? Met je stem bepaal je mee waar de leercirkels aan
        werken.
      </p>
      <section aria-labelledby="open-titel">
        <h2 id="open-titel">Open peilingen</h2>
        {open.length === 0 ? (
          <p>Er staat nu geen peiling voor je open.</p>
        ) : (
          <ul className="stack">
            {open.map((p) => (
              <li key={p.id} className="card">
                <h3>
                  <Link to={`/peilingen/${p.id}`}>{p.question}</Link>
                </h3>
                <p>
                  <strong>{p.voted ? "Gestemd" : "Nog niet gestemd"}</strong>
                  <span className="muted"> · open tot {formatDateTime(p.closesAt)}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {closed.length ? (
        <section aria-labelledby="gesloten-titel">
          <h2 id="gesloten-titel">Gesloten peilingen</h2>
          <ul className="plain-list">
            {closed.map((p) => (
              <li key={p.id}>
                <Link to={`/peilingen/${p.id}`}>{p.question}</Link>
                <span className="muted"> (gesloten {formatDateTime(p.closesAt)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Peilingen");

export function ErrorBoundary() {
  return <ErrorPage />;
}
