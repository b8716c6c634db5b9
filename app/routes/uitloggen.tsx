import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/auth/session.server";
import { redirectWithFlash } from "~/utils/flash.server";

// Signing out changes data, so it is a POST; a GET (an old link) goes to the start page.
export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(request);
  return redirectWithFlash("/", "Je bent uitgelogd.", [cookie]);
}
