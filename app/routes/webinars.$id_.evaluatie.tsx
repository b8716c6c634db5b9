import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { FormError, GradeField, TextAreaField } from "~/components/forms";
import { WebinarEvaluationSchema } from "~/models/webinar.schema";
import { getRegistration, getWebinar, getWebinarEvaluation, saveWebinarEvaluation } from "~/models/webinar.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

/** The webinar, for someone who attended it; anyone else gets a 403 that says why. */
async function loadForAttendee(request: Request, params: unknown) {
  const user = await requireUser(request);
  const webinar = getWebinar(requireIdParam(params, "Webinar"));
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  const registration = getRegistration(webinar.id, user.id);
  if (registration?.status !== "registered" || registration.attended !== true) {
    throw new Response("De evaluatie is voor wie bij het webinar aanwezig was.", { status: 403 });
  }
  return { user, webinar };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, webinar } = await loadForAttendee(request, params);
  const current = getWebinarEvaluation(webinar.id, user.id);
  return {
    webinar: { id: webinar.id, title: webinar.title, startsAt: webinar.startsAt },
    current: current ? { grade: String(current.grade), takeaway: current.takeaway, improve: current.improve } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, webinar } = await loadForAttendee(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: WebinarEvaluationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  saveWebinarEvaluation({ webinarId: webinar.id, userId: user.id, input: submission.value });
  return redirectWithFlash(`/webinars/${webinar.id}`, "Dank je wel voor je evaluatie.");
}

export default function WebinarEvaluation() {
  const { webinar, current } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "evaluatie",
    lastResult,
    defaultValue: current ?? undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WebinarEvaluationSchema }),
  });
  return (
    <div className="narrow">
      <p>
        <Link to={`/webinars/${webinar.id}`}>← {webinar.title}</Link>
      </p>
      <h1>Wat vond je van het webinar?</h1>
      <p className="lead">
        {webinar.title}, {formatDateTime(webinar.startsAt)}. Je antwoorden helpen de sprekers en de coördinatoren het
        volgende webinar beter te maken; ze zien ze zonder je naam.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormError form={form} />
        <GradeField
          defaultValue={(fields.grade.value as string | undefined) ?? current?.grade}
          errors={fields.grade.errors}
        />
        <TextAreaField meta={fields.takeaway} label="Wat neem je mee naar je eigen werk?" rows={3} />
        <TextAreaField meta={fields.improve} label="Wat kan beter, of wat heb je gemist?" rows={3} />
        <button type="submit" className="button">
          {current ? "Evaluatie bijwerken" : "Evaluatie versturen"}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = () => pageTitle("Evaluatie van het webinar");

export function ErrorBoundary() {
  return <ErrorPage />;
}
