import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { THEME_RESULT_ERRORS, ThemeForm } from "~/components/theme-form";
import { ThemeSchema } from "~/models/theme.schema";
import { getTheme, updateTheme } from "~/models/theme.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

const ParamsSchema = z.object({ id: z.coerce.number().int().positive() });

function loadTheme(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const theme = parsed.success ? getTheme(parsed.data.id) : undefined;
  if (!theme) throw new Response("Thema niet gevonden", { status: 404 });
  return theme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const { id, name, slug, description } = loadTheme(params);
  return { theme: { id, name, slug, description } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const theme = loadTheme(params);
  const submission = parseWithZod(await readFormData(request), { schema: ThemeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateTheme({ actorId: user.id, id: theme.id, input: submission.value });
  if (result.status === "not-found") throw new Response("Thema niet gevonden", { status: 404 });
  if (result.status !== "ok") {
    return data(submission.reply({ fieldErrors: THEME_RESULT_ERRORS[result.status] }), { status: 409 });
  }
  return redirectWithFlash("/beheer/themas", `Thema ${submission.value.name} is bijgewerkt.`);
}

export default function EditTheme() {
  const { theme } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/beheer/themas">← Alle thema&apos;s</Link>
      </p>
      <h1>{theme.name} bewerken</h1>
      <p className="notice">
        Let op: een andere slug verandert het webadres van de leercirkel van dit thema. Oude links werken dan niet meer.
      </p>
      <ThemeForm lastResult={lastResult} defaultValue={theme} submitLabel="Wijzigingen opslaan" />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.theme.name} bewerken` : "Thema");

export function ErrorBoundary() {
  return <ErrorPage />;
}
