import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { monitorCsv } from "~/models/group.server";
import { requireIdParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const groupId = requireIdParam(params, "Actieleergroep");
  // Null for an unknown id and for whoever may not see the group alike.
  const csv = monitorCsv({ groupId, viewer: user });
  if (csv === null) throw new Response("Actieleergroep niet gevonden", { status: 404 });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="leercirkel-actieleergroep-${groupId}-monitor.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
