import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { WebinarForm } from "~/components/webinar-form";
import { WebinarSchema } from "~/models/webinar.schema";
import { createWebinar, webinarFormChoices } from "~/models/webinar.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  return webinarFormChoices();
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: WebinarSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createWebinar({ actorId: user.id, input: submission.value });
  if (result.status !== "ok") {
    const errors = result.status === "invalid" ? { [result.field]: [result.message] } : undefined;
    return data(submission.reply({ fieldErrors: errors }), { status: 400 });
  }
  return redirectWithFlash(`/webinars/${result.id}`, "Het webinar is gepland.");
}

export default function NewWebinar() {
  const choices = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/webinars">← Webinars</Link>
      </p>
      <h1>Nieuw webinar</h1>
      <WebinarForm lastResult={lastResult} choices={choices} submitLabel="Webinar plannen" />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Nieuw webinar");

export function ErrorBoundary() {
  return <ErrorPage />;
}
