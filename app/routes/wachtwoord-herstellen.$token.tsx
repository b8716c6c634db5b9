import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { endAllSessions, startSession } from "~/auth/session.server";
import { FormError, NewPasswordFields, useClearPasswords } from "~/components/forms";
import { peekUserToken } from "~/models/user-token.server";
import { ResetPasswordSchema } from "~/models/user.schema";
import { resetPassword } from "~/models/user.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";

const ParamsSchema = z.object({ token: z.string().min(20).max(100) });

function tokenIsUsable(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  return parsed.success && peekUserToken({ token: parsed.data.token, purpose: "reset-password" }) !== null;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const valid = tokenIsUsable(params);
  return data({ valid }, { status: valid ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: ResetPasswordSchema });
  const hideFields = ["password", "confirm"];
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields }), expired: false }, { status: 400 });
  }
  const parsed = ParamsSchema.safeParse(params);
  const userId = parsed.success
    ? await resetPassword({ token: parsed.data.token, password: submission.value.password })
    : null;
  if (!userId) return data({ result: submission.reply({ hideFields }), expired: true }, { status: 410 });
  // A new password ends every session, also one an intruder may have.
  await endAllSessions(userId);
  const cookie = await startSession(userId, request);
  return redirectWithFlash("/", "Je nieuwe wachtwoord is opgeslagen. Je bent ingelogd.", [cookie]);
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "wachtwoord-herstellen",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  useClearPasswords(actionData?.result, [fields.password.id, fields.confirm.id]);
  if (!valid || actionData?.expired) {
    return (
      <div className="narrow">
        <h1>Deze link werkt niet meer</h1>
        <p>De link om een nieuw wachtwoord te kiezen is verlopen of al gebruikt. Vraag een nieuwe link aan.</p>
        <p>
          <Link to="/wachtwoord-vergeten">Nieuwe link aanvragen</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Kies een nieuw wachtwoord</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Wachtwoord opslaan
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Nieuw wachtwoord");
