import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { listWebinars } from "~/models/webinar.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const { upcoming, past } = listWebinars();
  return {
    webinars: [...upcoming, ...past].map((w) => ({
      id: w.id,
      title: w.title,
      startsAt: w.startsAt,
      capacity: w.capacity,
      placesLeft: w.placesLeft,
      cancelled: Boolean(w.cancelledAt),
    })),
  };
}

export default function ManageWebinars() {
  const { webinars } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Webinars</h1>
      <p>
        <Link className="button" to="/beheer/webinars/nieuw">
          Nieuw webinar
        </Link>
      </p>
      {webinars.length === 0 ? (
        <p>Er zijn nog geen webinars.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Webinars" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Titel</th>
                <th scope="col">Begin</th>
                <th scope="col">Aangemeld</th>
              </tr>
            </thead>
            <tbody>
              {webinars.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link to={`/beheer/webinars/${w.id}`}>{w.title}</Link>
                    {w.cancelled ? <span className="muted"> (geannuleerd)</span> : null}
                  </td>
                  <td>{formatDateTime(w.startsAt)}</td>
                  <td>
                    {w.capacity - w.placesLeft} van {w.capacity}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Webinars beheren");
