import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { downloadPersonalData } from "~/models/privacy.server";

/** The person's own data as one JSON file (AVG: inzage en overdraagbaarheid); the download is audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = downloadPersonalData({ userId: user.id });
  if (!file) throw new Response("Account niet gevonden", { status: 404 });
  return new Response(file.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
