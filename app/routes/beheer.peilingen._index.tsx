import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { listPollsForManager, pollState } from "~/models/poll.server";
import { formatDateTime } from "~/utils/dates";
import { POLL_METHOD_LABELS, POLL_STATE_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const now = new Date();
  return {
    polls: listPollsForManager().map((p) => ({
      id: p.id,
      question: p.question,
      method: p.method,
      state: pollState(p, now),
      opensAt: p.opensAt,
      closesAt: p.closedAt ?? p.closesAt,
      ballots: p.ballotCount,
      anonymous: p.anonymous,
    })),
  };
}

export default function ManagePolls() {
  const { polls } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Peilingen</h1>
      <p>Inventariseer met het netwerk welke thema&apos;s nodig zijn, en laat deelnemers kiezen.</p>
      <p>
        <Link className="button" to="/beheer/peilingen/nieuw">
          Nieuwe peiling
        </Link>
      </p>
      {polls.length === 0 ? (
        <p>Er zijn nog geen peilingen.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Peilingen" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Vraag</th>
                <th scope="col">Manier van stemmen</th>
                <th scope="col">Status</th>
                <th scope="col">Open van – tot</th>
                <th scope="col">Stemmers</th>
              </tr>
            </thead>
            <tbody>
              {polls.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/beheer/peilingen/${p.id}`}>{p.question}</Link>
                    {p.anonymous ? <span className="muted"> (anoniem)</span> : null}
                  </td>
                  <td>{POLL_METHOD_LABELS[p.method]}</td>
                  <td>{POLL_STATE_LABELS[p.state]}</td>
                  <td>
                    {formatDateTime(p.opensAt)} – {formatDateTime(p.closesAt)}
                  </td>
                  <td>{p.ballots}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Peilingen");
