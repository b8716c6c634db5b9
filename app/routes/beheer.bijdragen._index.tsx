import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CONTRIBUTION_STATUSES, type ContributionStatus } from "@db/schema/enums";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireUser } from "~/auth/session.server";
import { countByStatus, listForReview } from "~/models/contribution.server";
import { listThemes } from "~/models/theme.server";
import { formatDate } from "~/utils/dates";
import {
  CONTRIBUTION_CREDIT_REVIEW_LABELS,
  CONTRIBUTION_KIND_LABELS,
  CONTRIBUTION_PERSPECTIVE_LABELS,
  CONTRIBUTION_STATUS_LABELS,
} from "~/utils/labels";
import { pageTitle } from "~/utils/meta";
import { ThemeFilter } from "~/components/theme-filter";

// Drafts and withdrawn contributions belong to their contributor alone.
const REVIEW_STATUSES = CONTRIBUTION_STATUSES.filter((s) => s !== "draft" && s !== "withdrawn");

const QuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES as [ContributionStatus, ...ContributionStatus[]]).catch("submitted"),
  thema: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: MANAGER_ROLES });
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const items = listForReview({ status: query.status, themeId: query.thema });
  const groups = new Map<string, typeof items>();
  for (const item of items) groups.set(item.themeName, [...(groups.get(item.themeName) ?? []), item]);
  return {
    status: query.status,
    themeId: query.thema ?? null,
    counts: countByStatus(),
    themes: listThemes().map((t) => ({ id: t.id, name: t.name })),
    groups: [...groups].map(([theme, list]) => ({ theme, items: list })),
  };
}

export default function ReviewQueue() {
  const { status, themeId, counts, themes, groups } = useLoaderData<typeof loader>();
  const withTheme = themeId ? `&thema=${themeId}` : "";
  return (
    <div>
      <h1>Bijdragen van ervaringsdeskundigen</h1>
      <p>
        Per thema, het oudste eerst. Publiceer een bijdrage, stuur haar terug met een vraag, of archiveer haar.{" "}
        <Link to="/beheer/bijdragen/uitnodigen">Een ervaringsdeskundige uitnodigen</Link>
      </p>
      <nav aria-label="Status" className="tabs">
        <ul>
          {REVIEW_STATUSES.map((s) => (
            <li key={s}>
              <Link
                to={`/beheer/bijdragen?status=${s}${withTheme}`}
                aria-current={s === status ? "page" : undefined}
                className={s === status ? "active" : undefined}
              >
                {CONTRIBUTION_STATUS_LABELS[s]} ({counts[s] ?? 0})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ThemeFilter themes={themes} themeId={themeId}>
        <input type="hidden" name="status" value={status} />
      </ThemeFilter>

      {groups.length === 0 ? (
        <p>Er zijn geen bijdragen met de status {CONTRIBUTION_STATUS_LABELS[status].toLowerCase()}.</p>
      ) : (
        groups.map((group) => (
          <section key={group.theme} aria-labelledby={`thema-${group.theme}`}>
            <h2 id={`thema-${group.theme}`}>
              {group.theme} ({group.items.length})
            </h2>
            <ul className="stack">
              {group.items.map((c) => (
                <li key={c.id} className="card contribution-card">
                  <p className="contribution-card__meta">
                    {CONTRIBUTION_KIND_LABELS[c.kind]} · {c.contributorName} (
                    {CONTRIBUTION_PERSPECTIVE_LABELS[c.perspective].toLowerCase()},{" "}
                    {CONTRIBUTION_CREDIT_REVIEW_LABELS[c.credit].toLowerCase()}) · ingediend{" "}
                    {formatDate(c.submittedAt ?? c.updatedAt)}
                  </p>
                  <p className="pre-line contribution-card__text">{c.text}</p>
                  <p>
                    <Link to={`/beheer/bijdragen/${c.id}`}>
                      Beoordelen<span className="visually-hidden"> (bijdrage van {c.contributorName})</span>
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

export const meta: MetaFunction = () => pageTitle("Bijdragen beoordelen");
