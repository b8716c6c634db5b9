import type { LoaderFunctionArgs } from "@remix-run/node";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { YearReportFilterSchema } from "~/models/circle.schema";
import { findCircleBySlug, yearReportCsv } from "~/models/circle.server";

/** The yearly yield report as a spreadsheet: ?cirkel=<slug> (absent: all circles) and ?jaar=2026. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const { cirkel, jaar: year } = YearReportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const circle = cirkel ? findCircleBySlug(cirkel) : null;
  if (cirkel && !circle) throw new Response("Leercirkel niet gevonden", { status: 404 });
  const csv = await yearReportCsv({ themeId: circle ? circle.themeId : "all", year });
  if (csv === null) throw new Response("Leercirkel niet gevonden", { status: 404 });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="leercirkel-jaaropbrengst-${circle ? circle.slug : "alle"}-${year}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
