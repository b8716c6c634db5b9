import type { LoaderFunctionArgs } from "@remix-run/node";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { getModuleStats, moduleStatsCsv } from "~/models/intervention.server";
import { amsterdamDay } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const csv = moduleStatsCsv(await getModuleStats());
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="leercirkel-modules-${amsterdamDay()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
