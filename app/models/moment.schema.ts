import { z } from "zod";
import { fromAmsterdamLocal } from "~/utils/dates";

/** A datetime-local field in Amsterdam time, read as a moment; `label` names it in the message. */
export function amsterdamMoment(label: string) {
  return z
    .string({ error: `Vul ${label} in.` })
    .trim()
    .min(1, `Vul ${label} in.`)
    .transform((value, ctx) => {
      const date = fromAmsterdamLocal(value);
      if (!date) {
        ctx.addIssue({ code: "custom", message: `Vul ${label} in als datum en tijd.` });
        return z.NEVER;
      }
      return date;
    });
}
