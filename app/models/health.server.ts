import { sqlite } from "@db/client.server";

/** Whether the database answers a query. */
export function isDatabaseReachable(): boolean {
  try {
    return sqlite.prepare("select 1 as ok").get() !== undefined;
  } catch {
    return false;
  }
}
