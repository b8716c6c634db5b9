import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { getPoll, resultsCsv } from "~/models/poll.server";

const ParamsSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const parsed = ParamsSchema.safeParse(params);
  const poll = parsed.success ? getPoll(parsed.data.id) : undefined;
  if (!poll) throw new Response("Peiling niet gevonden", { status: 404 });
  return new Response(`\uFEFF${resultsCsv(poll)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="leercirkel-peiling-${poll.id}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
