import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getWebinar, webinarIcs } from "~/models/webinar.server";

const ParamsSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

/** The webinar as a calendar file; it holds no join link, so anyone may fetch it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  const webinar = parsed.success ? getWebinar(parsed.data.id) : undefined;
  if (!webinar) throw new Response("Webinar niet gevonden", { status: 404 });
  return new Response(webinarIcs(webinar), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="webinar-${webinar.id}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
