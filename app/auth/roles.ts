import type { Role } from "@db/schema/enums";

/** Roles that may use the coordinator screens under /beheer. */
export const MANAGER_ROLES: readonly Role[] = ["coordinator", "admin"];

/** Whether a user with these roles may use /beheer (shared by header and server checks). */
export function isManager(roles: readonly Role[]) {
  return roles.some((role) => MANAGER_ROLES.includes(role));
}
