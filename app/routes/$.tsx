import type { MetaFunction } from "@remix-run/node";
import { ErrorPage } from "~/components/error-page";
import { pageTitle } from "~/utils/meta";

// Every unknown address lands here and gets the Dutch 404 page.
export async function loader() {
  throw new Response("Niet gevonden", { status: 404 });
}

export async function action() {
  throw new Response("Niet gevonden", { status: 404 });
}

export default function NotFound() {
  return <ErrorPage />;
}

export const meta: MetaFunction = () => pageTitle("Pagina niet gevonden");

export function ErrorBoundary() {
  return <ErrorPage />;
}
