import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { THEME_RESULT_ERRORS, ThemeForm } from "~/components/theme-form";
import { ThemeSchema } from "~/models/theme.schema";
import { createTheme } from "~/models/theme.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const submission = parseWithZod(await readFormData(request), { schema: ThemeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createTheme({ actorId: user.id, input: submission.value });
  if (result.status !== "ok" && result.status !== "not-found") {
    return data(submission.reply({ fieldErrors: THEME_RESULT_ERRORS[result.status] }), { status: 409 });
  }
  return redirectWithFlash("/beheer/themas", `Thema ${submission.value.name} is toegevoegd.`);
}

export default function NewTheme() {
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/themas">← Alle thema&apos;s</Link>
      </p>
      <h1>Thema toevoegen</h1>
      <ThemeForm lastResult={lastResult} submitLabel="Thema toevoegen" />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Thema toevoegen");
