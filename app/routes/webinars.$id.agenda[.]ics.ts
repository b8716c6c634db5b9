import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireIdParam } from "~/utils/params";
import { getWebinar, webinarIcs } from "~/models/webinar.server";

/** The webinar as a calendar file; it holds no join link, so anyone may fetch it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const webinar = getWebinar(requireIdParam(params, "Webinar"));
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  return new Response(webinarIcs(webinar), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="webinar-${webinar.id}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
