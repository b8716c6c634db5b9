import { z } from "zod";

const IdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

/** The numeric `:id` of a route; anything else is a Dutch 404 ("<what> niet gevonden"). */
export function requireIdParam(params: unknown, what: string): number {
  const parsed = IdParams.safeParse(params);
  if (!parsed.success) throw new Response(`${what} niet gevonden`, { status: 404 });
  return parsed.data.id;
}
