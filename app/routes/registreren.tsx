import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireVisitor } from "~/auth/session.server";
import { FormError, RadioGroup, SelectField, TextField, useClearPasswords } from "~/components/forms";
import { listOrganisations } from "~/models/organisation.server";
import { RegistrationSchema } from "~/models/user.schema";
import { registerUser } from "~/models/user.server";
import { minutesText } from "~/auth/rate-limit.server";
import { REGIONS } from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form.server";
import { clientIp } from "~/utils/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireVisitor(request);
  return {
    organisations: listOrganisations().map(({ id, name, region }) => ({ id, name, region })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireVisitor(request);
  const submission = parseWithZod(await readFormData(request), { schema: RegistrationSchema });
  const hideFields = ["password"];
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields }), { status: 400 });
  }
  const result = await registerUser({ ...submission.value, ip: clientIp(context) });
  if (result.status === "rate-limited") {
    return data(
      submission.reply({
        formErrors: [
          `Er zijn vanaf dit netwerk te veel accounts aangevraagd. Probeer het over ${minutesText(result.retryAfterSeconds)} opnieuw.`,
        ],
        hideFields,
      }),
      { status: 429 },
    );
  }
  if (result.status === "unknown-organisation") {
    return data(
      submission.reply({ fieldErrors: { organisationId: ["Kies je organisatie uit de lijst."] }, hideFields }),
      { status: 400 },
    );
  }
  return redirect("/registreren/verstuurd");
}

export default function Register() {
  const { organisations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "registreren",
    lastResult,
    constraint: getZodConstraint(RegistrationSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegistrationSchema }),
  });
  useClearPasswords(lastResult, [fields.password.id]);
  const groups = REGIONS.map((region) => ({
    label: region,
    options: organisations.filter((o) => o.region === region).map((o) => ({ value: String(o.id), label: o.name })),
  })).filter((group) => group.options.length > 0);

  return (
    <div className="narrow">
      <h1>Account aanmaken</h1>
      <p>
        Met een account volg je korte leerinterventies, meld je je aan voor webinars, stem je mee in peilingen en werk
        je samen in actieleergroepen. Heb je al een account? <Link to="/inloggen">Log in</Link>.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <TextField meta={fields.name} label="Naam" autoComplete="name" />
        <TextField meta={fields.email} label="E-mailadres" type="email" autoComplete="email" />
        <TextField
          meta={fields.password}
          label="Wachtwoord"
          type="password"
          autoComplete="new-password"
          hint="Minstens 10 tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden."
        />
        {groups.length ? (
          <SelectField
            meta={fields.organisationId}
            label="Organisatie"
            hint="De organisatie waar je werkt of die je vertegenwoordigt."
            placeholder="Kies je organisatie"
            groups={groups}
          />
        ) : (
          <p className="notice">
            Er zijn nog geen organisaties ingevoerd. Vraag de beheerder van je netwerk om je organisatie toe te voegen.
          </p>
        )}
        <RadioGroup
          meta={fields.role}
          legend="Ik ben hier als"
          options={[
            {
              value: "professional",
              label: "Professional",
              hint: "(ik werk in de jeugdhulp, de toegang, bij een gemeente of kennisinstelling)",
            },
            {
              value: "expert",
              label: "Ervaringsdeskundige",
              hint: "(ouder of jongere met eigen ervaring met jeugdhulp)",
            },
          ]}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Account aanmaken
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Account aanmaken");
