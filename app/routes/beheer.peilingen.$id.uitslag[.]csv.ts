import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireIdParam } from "~/utils/params";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { getPoll, resultsCsv } from "~/models/poll.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const poll = getPoll(requireIdParam(params, "Peiling"));
  if (!poll) throw new Response("Peiling niet gevonden", { status: 404 });
  return new Response(`\uFEFF${resultsCsv(poll)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="leercirkel-peiling-${poll.id}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
