import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { FormError, RadioGroup, TextAreaField } from "~/components/forms";
import { getIntervention } from "~/mdx/registry.server";
import { CheckInSchema } from "~/models/learning.schema";
import { getLearnerState, submitCheckIn } from "~/models/progress.server";
import { amsterdamDay, formatDate } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";

const ParamsSchema = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

async function loadModule(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const intervention = parsed.success ? await getIntervention(parsed.data.slug) : null;
  if (!intervention) throw new Response("Module niet gevonden", { status: 404 });
  return intervention;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const intervention = await loadModule(params);
  const { intention } = getLearnerState({ userId: user.id, slug: intervention.slug });
  return {
    slug: intervention.slug,
    title: intervention.frontmatter.title,
    intention,
    due: intention ? intention.checkInOn <= amsterdamDay() : false,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const intervention = await loadModule(params);
  const submission = parseWithZod(await readFormData(request), { schema: CheckInSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = submitCheckIn({ userId: user.id, slug: intervention.slug, ...submission.value });
  if (result.status === "no-intention") {
    return data(submission.reply({ formErrors: ["Je hebt voor deze module nog geen voornemen opgeschreven."] }), {
      status: 409,
    });
  }
  if (result.status === "not-yet") {
    return data(
      submission.reply({
        formErrors: [`Je terugblik staat gepland op ${formatDate(result.checkInOn)}; kom dan terug.`],
      }),
      { status: 409 },
    );
  }
  return redirectWithFlash("/", "Dank je wel voor je terugblik.");
}

export default function CheckIn() {
  const { slug, title, intention, due } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "terugblik",
    lastResult,
    defaultValue: intention?.checkIn ?? undefined,
    constraint: getZodConstraint(CheckInSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckInSchema }),
  });
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to={`/leren/${slug}`}>{title}</Link>
      </p>
      <h1>Terugblik</h1>
      {!intention ? (
        <p>
          Je hebt voor deze module nog geen voornemen opgeschreven. Dat doe je na het deel Toepassen van{" "}
          <Link to={`/leren/${slug}#voornemen-titel`}>de module</Link>.
        </p>
      ) : !due ? (
        <p>
          Je terugblik staat gepland op {formatDate(intention.checkInOn)}. Dan krijg je een e-mail en staat hij op je
          startpagina.
        </p>
      ) : (
        <>
          <p>Een paar weken geleden schreef je op wat je anders zou gaan doen:</p>
          <blockquote className="intention-quote">{intention.text}</blockquote>
          <p>
            Hoe is het gegaan? Je antwoorden zijn voor jou; coördinatoren zien alleen hoeveel mensen wat antwoordden.
          </p>
          <Form method="post" {...getFormProps(form)}>
            <FormError form={form} />
            <RadioGroup
              meta={fields.outcome}
              legend="Heb je gedaan wat je je had voorgenomen?"
              options={[
                { value: "yes", label: "Ja" },
                { value: "partly", label: "Deels" },
                { value: "not_yet", label: "Nog niet" },
              ]}
            />
            <TextAreaField meta={fields.whatHappened} label="Wat is er gebeurd?" />
            <TextAreaField meta={fields.helpedOrHindered} label="Wat hielp je, of wat zat in de weg?" />
            <button type="submit" className="button">
              Terugblik opslaan
            </button>
          </Form>
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Terugblik: ${data.title}` : "Terugblik");

export function ErrorBoundary() {
  return <ErrorPage />;
}
