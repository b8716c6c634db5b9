import { formatDateTime } from "~/utils/dates";
import { CONTRIBUTION_EVENT_LABELS } from "~/utils/labels";
import type { ContributionEvent } from "@db/schema/enums";

type Event = {
  id: number;
  event: ContributionEvent;
  comment: string | null;
  textBefore: string | null;
  textAfter: string | null;
  createdAt: Date | string | number;
  actorName: string | null;
};

/** What happened to a contribution, oldest first; a correction shows the text before and after. */
export function ContributionHistory({ events }: { events: Event[] }) {
  return (
    <section aria-labelledby="geschiedenis-titel">
      <h2 id="geschiedenis-titel">Geschiedenis</h2>
      <ol className="history">
        {events.map((e) => (
          <li key={e.id}>
            <p>
              <strong>{CONTRIBUTION_EVENT_LABELS[e.event]}</strong> · {formatDateTime(e.createdAt)}
              {e.actorName ? ` · ${e.actorName}` : ""}
            </p>
            {e.comment ? <p className="pre-line">Toelichting: {e.comment}</p> : null}
            {e.event === "corrected" ? (
              <div className="correction">
                <p>
                  <span className="correction__label">Was:</span> <del className="pre-line">{e.textBefore}</del>
                </p>
                <p>
                  <span className="correction__label">Werd:</span> <ins className="pre-line">{e.textAfter}</ins>
                </p>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
