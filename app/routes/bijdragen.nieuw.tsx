import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ContributionForm, saveErrors } from "~/components/contribution-form";
import { ErrorPage } from "~/components/error-page";
import { ContributionSchema } from "~/models/contribution.schema";
import { contributionFormOptions, listOpenInvites, saveContribution } from "~/models/contribution.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "expert" });
  const options = await contributionFormOptions();
  const inviteId = Number(new URL(request.url).searchParams.get("uitnodiging"));
  const invite = listOpenInvites(user.id).find((i) => i.id === inviteId);
  return { options, invite: invite ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "expert" });
  const submission = parseWithZod(await readFormData(request), { schema: ContributionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await saveContribution({ userId: user.id, input: submission.value });
  if (result.status === "unknown-theme" || result.status === "module-mismatch") {
    const { modules } = await contributionFormOptions();
    return data(submission.reply({ fieldErrors: saveErrors(result, modules) }), { status: 400 });
  }
  if (result.status !== "ok") throw new Response("Deze bijdrage bestaat niet.", { status: 404 });
  return redirectWithFlash(
    `/bijdragen/${result.id}`,
    result.submitted
      ? "Je bijdrage is ingediend. Een coördinator bekijkt haar; je krijgt bericht."
      : "Je concept is bewaard. Je kunt het later afmaken en indienen.",
  );
}

export default function NewContribution() {
  const { options, invite } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/bijdragen">← Mijn bijdragen</Link>
      </p>
      <h1>Nieuwe bijdrage</h1>
      {invite ? (
        <p className="notice">
          Je schrijft op uitnodiging van {invite.inviterName ?? "een coördinator"} voor het thema {invite.themeName}.
          {invite.message ? ` "${invite.message}"` : ""}
        </p>
      ) : null}
      <ContributionForm
        lastResult={lastResult}
        options={options}
        defaultValue={
          invite
            ? {
                themeId: String(invite.themeId),
                modules: invite.slug ? [invite.slug] : [],
                inviteId: String(invite.id),
              }
            : undefined
        }
      />
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Nieuwe bijdrage");

export function ErrorBoundary() {
  return <ErrorPage />;
}
