import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { OrganisationForm } from "~/components/organisation-form";
import { OrganisationSchema } from "~/models/organisation.schema";
import { getOrganisation, updateOrganisation } from "~/models/organisation.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

const ParamsSchema = z.object({ id: z.coerce.number().int().positive() });

function loadOrganisation(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const organisation = parsed.success ? getOrganisation(parsed.data.id) : undefined;
  if (!organisation) throw new Response("Organisatie niet gevonden", { status: 404 });
  return organisation;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const organisation = loadOrganisation(params);
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      region: organisation.region,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const organisation = loadOrganisation(params);
  const submission = parseWithZod(await readFormData(request), { schema: OrganisationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateOrganisation({ actorId: admin.id, id: organisation.id, input: submission.value });
  if (result.status === "not-found") throw new Response("Organisatie niet gevonden", { status: 404 });
  if (result.status === "duplicate-name") {
    return data(submission.reply({ fieldErrors: { name: ["Er is al een organisatie met deze naam."] } }), {
      status: 409,
    });
  }
  return redirectWithFlash("/beheer/organisaties", `Organisatie ${submission.value.name} is bijgewerkt.`);
}

export default function EditOrganisation() {
  const { organisation } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/organisaties">← Alle organisaties</Link>
      </p>
      <h1>{organisation.name} bewerken</h1>
      <OrganisationForm lastResult={lastResult} defaultValue={organisation} submitLabel="Wijzigingen opslaan" />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.organisation.name} bewerken` : "Organisatie");

export function ErrorBoundary() {
  return <ErrorPage />;
}
