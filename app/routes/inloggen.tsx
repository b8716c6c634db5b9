import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { minutesText } from "~/auth/rate-limit.server";
import { requireVisitor, startSession } from "~/auth/session.server";
import { FormError, TextField, useClearPasswords } from "~/components/forms";
import { SignInSchema } from "~/models/user.schema";
import { authenticate } from "~/models/user.server";
import { safeRedirect } from "~/utils/redirect";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";
import { clientIp } from "~/utils/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  await requireVisitor(request, redirectTo);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: SignInSchema });
  const hideFields = ["password"];
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await authenticate({ email, password, ip: clientIp(context) });
  switch (result.status) {
    case "ok": {
      const cookie = await startSession(result.userId, request);
      return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
    }
    case "rate-limited":
      return data(
        submission.reply({
          formErrors: [`Te veel inlogpogingen. Probeer het over ${minutesText(result.retryAfterSeconds)} opnieuw.`],
          hideFields,
        }),
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "unverified":
      return data(
        submission.reply({
          formErrors: [
            "Je e-mailadres is nog niet bevestigd. We hebben je een nieuwe bevestigingslink gestuurd; open die om verder te gaan.",
          ],
          hideFields,
        }),
        { status: 403 },
      );
    case "invalid":
      return data(
        submission.reply({
          formErrors: ["Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw."],
          hideFields,
        }),
        { status: 400 },
      );
  }
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "inloggen",
    lastResult,
    constraint: getZodConstraint(SignInSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  useClearPasswords(lastResult, [fields.password.id]);
  return (
    <div className="narrow">
      <h1>Inloggen</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField meta={fields.email} label="E-mailadres" type="email" autoComplete="email" />
        <TextField meta={fields.password} label="Wachtwoord" type="password" autoComplete="current-password" />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Inloggen
        </button>
      </Form>
      <p>
        <Link to="/wachtwoord-vergeten">Wachtwoord vergeten?</Link>
      </p>
      <p>
        Nog geen account? <Link to="/registreren">Maak een account aan</Link>.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Inloggen");
