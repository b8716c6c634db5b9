import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "@db/schema/enums";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { RoleChangeSchema } from "~/models/user.schema";
import { getUserProfile, grantRole, revokeRole } from "~/models/user.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { describeOrganisation, ROLE_LABELS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

const ParamsSchema = z.object({ id: z.string().min(1).max(64) });

function loadUser(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const user = parsed.success ? getUserProfile(parsed.data.id) : null;
  if (!user) throw new Response("Gebruiker niet gevonden", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const user = loadUser(params);
  return { user };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const user = loadUser(params);
  const parsed = RoleChangeSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    return data({ error: parsed.error.issues[0]?.message ?? "Ongeldig verzoek." }, { status: 400 });
  }
  const { intent, role } = parsed.data;
  const change = intent === "grant" ? grantRole : revokeRole;
  const result = change({ actorId: admin.id, userId: user.id, role });
  if (result.status === "not-found") throw new Response("Gebruiker niet gevonden", { status: 404 });
  if (result.status === "last-admin") {
    return data({ error: "Dit is de laatste beheerder. Geef eerst iemand anders de rol beheerder." }, { status: 409 });
  }
  const verb = intent === "grant" ? "heeft nu de rol" : "heeft niet langer de rol";
  return redirectWithFlash(`/beheer/gebruikers/${user.id}`, `${user.name} ${verb} ${ROLE_LABELS[role].toLowerCase()}.`);
}

export default function UserDetail() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/beheer/gebruikers">← Alle gebruikers</Link>
      </p>
      <h1>{user.name}</h1>
      <dl className="facts">
        <div>
          <dt>E-mailadres</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>Organisatie</dt>
          <dd>{describeOrganisation(user.organisation)}</dd>
        </div>
      </dl>
      <h2>Rollen</h2>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-label="Rollen" tabIndex={0}>
        <table>
          <caption className="visually-hidden">Rollen van {user.name}</caption>
          <thead>
            <tr>
              <th scope="col">Rol</th>
              <th scope="col">Heeft deze rol</th>
              <th scope="col">Wijzigen</th>
            </tr>
          </thead>
          <tbody>
            {ROLES.map((role) => {
              const has = user.roles.includes(role);
              return (
                <tr key={role}>
                  <th scope="row">{ROLE_LABELS[role]}</th>
                  <td>{has ? "Ja" : "Nee"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="role" value={role} />
                      <input type="hidden" name="intent" value={has ? "revoke" : "grant"} />
                      <button type="submit" className={has ? "button button--quiet" : "button button--small"}>
                        {has
                          ? `Rol ${ROLE_LABELS[role].toLowerCase()} intrekken`
                          : `Rol ${ROLE_LABELS[role].toLowerCase()} geven`}
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.user.name ?? "Gebruiker");

export function ErrorBoundary() {
  return <ErrorPage />;
}
