import { z } from "zod";

const Id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);

/**
 * A numeric id of a route (`:id` unless another name is given); anything else is a Dutch 404
 * ("<what> niet gevonden").
 */
export function requireIdParam(params: unknown, what: string, name = "id"): number {
  const parsed = Id.safeParse((params as Record<string, unknown> | null)?.[name]);
  if (!parsed.success) throw new Response(`${what} niet gevonden`, { status: 404 });
  return parsed.data;
}
