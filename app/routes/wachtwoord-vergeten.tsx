import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { minutesText } from "~/auth/rate-limit.server";
import { FormError, TextField } from "~/components/forms";
import { ForgotPasswordSchema } from "~/models/user.schema";
import { requestPasswordReset } from "~/models/user.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";
import { clientIp } from "~/utils/request.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  const outcome = await requestPasswordReset({ email: submission.value.email, ip: clientIp(context) });
  if (outcome.status === "rate-limited") {
    return data(
      {
        result: submission.reply({
          formErrors: [`Te veel aanvragen. Probeer het over ${minutesText(outcome.retryAfterSeconds)} opnieuw.`],
        }),
        sent: false,
      },
      { status: 429 },
    );
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "wachtwoord-vergeten",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });
  return (
    <div className="narrow">
      <h1>Wachtwoord vergeten</h1>
      {actionData?.sent ? (
        <div className="notice" role="status">
          <p>
            Als er een account bij dit e-mailadres hoort, hebben we er een e-mail naartoe gestuurd met een link om een
            nieuw wachtwoord te kiezen. De link werkt één uur.
          </p>
        </div>
      ) : (
        <p>Vul het e-mailadres van je account in. We sturen je een link om een nieuw wachtwoord te kiezen.</p>
      )}
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <TextField meta={fields.email} label="E-mailadres" type="email" autoComplete="email" />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Stuur de link
        </button>
      </Form>
      <p>
        <Link to="/inloggen">Terug naar inloggen</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Wachtwoord vergeten");
