import type { LoaderFunctionArgs } from "@remix-run/node";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { getWebinar, registrationsCsv } from "~/models/webinar.server";
import { requireIdParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGER_ROLES });
  const webinar = getWebinar(requireIdParam(params, "Webinar"));
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  return new Response(`\uFEFF${registrationsCsv({ actorId: user.id, webinarId: webinar.id })}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="leercirkel-webinar-${webinar.id}-deelnemers.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
