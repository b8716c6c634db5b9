import { ORGANISATION_KINDS } from "@db/schema/enums";
import type { Average, CircleFigures } from "~/models/circle.server";
import { ORGANISATION_KIND_LABELS } from "~/utils/labels";

/** The parts of a circle's figures that are numbers only (the same before and after serialisation). */
export type FigureCounts = {
  reached: Pick<CircleFigures["reached"], "total" | "byKind">;
  modules: Pick<CircleFigures["modules"], "started" | "completed">;
  checkIns: CircleFigures["checkIns"];
  webinars: Pick<CircleFigures["webinars"], "held" | "registered" | "attended">;
  evaluations: CircleFigures["evaluations"];
  groups: Pick<CircleFigures["groups"], "running" | "actions" | "embedded">;
  contributions: Pick<CircleFigures["contributions"], "published">;
  signals: Pick<CircleFigures["signals"], "total">;
};

export const percentage = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : "–");

/** "7,5 (2 evaluaties)", or "nog geen". */
export const averageWords = (a: Average) =>
  a.average === null
    ? "nog geen"
    : `${a.average.toFixed(1).replace(".", ",")} (${a.count} ${a.count === 1 ? "evaluatie" : "evaluaties"})`;

/** The key figures of one circle or of all circles, and the people reached per kind of organisation. */
export function CircleFigureList({ figures, tableId }: { figures: FigureCounts; tableId: string }) {
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Bereikt</dt>
          <dd>{figures.reached.total} mensen</dd>
        </div>
        <div>
          <dt>Modules</dt>
          <dd>
            {figures.modules.started} gestart, {figures.modules.completed} afgerond
          </dd>
        </div>
        <div>
          <dt>Terugblikken op een voornemen</dt>
          <dd>
            {figures.checkIns.total
              ? `${figures.checkIns.total}: ${figures.checkIns.applied} toegepast, ${figures.checkIns.partly} deels, ${figures.checkIns.notYet} nog niet`
              : "nog geen"}
          </dd>
        </div>
        <div>
          <dt>Webinars</dt>
          <dd>
            {figures.webinars.held} gehouden; {figures.webinars.attended} van de {figures.webinars.registered}{" "}
            aangemelden waren erbij ({percentage(figures.webinars.attended, figures.webinars.registered)})
          </dd>
        </div>
        <div>
          <dt>Rapportcijfer</dt>
          <dd>
            modules {averageWords(figures.evaluations.modules)}, webinars {averageWords(figures.evaluations.webinars)}
          </dd>
        </div>
        <div>
          <dt>Actieleergroepen</dt>
          <dd>
            {figures.groups.running} lopend; {figures.groups.embedded} van de {figures.groups.actions} acties geborgd
          </dd>
        </div>
        <div>
          <dt>Bijdragen van ervaringsdeskundigen</dt>
          <dd>{figures.contributions.published}</dd>
        </div>
        <div>
          <dt>Signalen</dt>
          <dd>{figures.signals.total}</dd>
        </div>
      </dl>
      <div className="table-wrap" role="region" aria-labelledby={tableId} tabIndex={0}>
        <table>
          <caption id={tableId}>Bereikt per soort organisatie</caption>
          <thead>
            <tr>
              <th scope="col">Soort organisatie</th>
              <th scope="col">Mensen</th>
            </tr>
          </thead>
          <tbody>
            {ORGANISATION_KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">{ORGANISATION_KIND_LABELS[kind]}</th>
                <td>{figures.reached.byKind[kind]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
