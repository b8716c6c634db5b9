import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { OrganisationForm } from "~/components/organisation-form";
import { OrganisationSchema } from "~/models/organisation.schema";
import { createOrganisation } from "~/models/organisation.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const submission = parseWithZod(await readFormData(request), { schema: OrganisationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createOrganisation({ actorId: admin.id, input: submission.value });
  if (result.status !== "ok") {
    return data(submission.reply({ fieldErrors: { name: ["Er is al een organisatie met deze naam."] } }), {
      status: 409,
    });
  }
  return redirectWithFlash("/beheer/organisaties", `Organisatie ${submission.value.name} is toegevoegd.`);
}

export default function NewOrganisation() {
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/organisaties">← Alle organisaties</Link>
      </p>
      <h1>Organisatie toevoegen</h1>
      <OrganisationForm lastResult={lastResult} submitLabel="Organisatie toevoegen" />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Organisatie toevoegen");
