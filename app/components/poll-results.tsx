import type { PollMethod } from "@db/schema/enums";

type Results = {
  ballots: number;
  audience: number;
  turnout: number | null;
  totalPoints: number;
  options: { id: number; label: string; points: number; mentions: number; share: number }[];
  regions: { region: string; ballots: number; options: Record<string, number> }[];
};

const percentFormat = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 1 });
const percent = (share: number) => percentFormat.format(share);

/**
 * The results: bars for the eye (hidden from screen readers) and the same figures as a table for
 * screen readers; turnout against the audience; per region when the poll is not anonymous.
 */
export function PollResults({ results, method }: { results: Results; method: PollMethod }) {
  const byPoints = method === "ranking" || method === "dots";
  const unit = byPoints ? "punten" : "stemmen";
  const max = Math.max(1, ...results.options.map((o) => (byPoints ? o.points : o.mentions)));
  return (
    <section aria-labelledby="uitslag-titel" className="poll-results">
      <h2 id="uitslag-titel">Uitslag</h2>
      <p>
        {results.ballots} {results.ballots === 1 ? "stemmer" : "stemmers"} van de {results.audience} mensen die mochten
        stemmen
        {results.turnout !== null ? ` (opkomst ${percent(results.turnout)})` : ""}.
        {method === "ranking" ? " Bij rangschikken krijgt de eerste plaats de meeste punten (Borda-telling)." : ""}
      </p>
      <div className="bars" aria-hidden="true">
        {results.options.map((o) => {
          const value = byPoints ? o.points : o.mentions;
          return (
            <div key={o.id} className="bars__row">
              <span className="bars__label">{o.label}</span>
              <span className="bars__track">
                {/* Widths in steps of 5% from the stylesheet: the CSP allows no inline styles. */}
                <span className="bars__bar" data-w={Math.round((value / max) * 20)} />
              </span>
              <span className="bars__value">
                {value} ({percent(o.share)})
              </span>
            </div>
          );
        })}
      </div>
      <table className="visually-hidden">
        <caption>Uitslag per optie</caption>
        <thead>
          <tr>
            <th scope="col">Optie</th>
            <th scope="col">{byPoints ? "Punten" : "Stemmen"}</th>
            <th scope="col">Aandeel</th>
          </tr>
        </thead>
        <tbody>
          {results.options.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.label}</th>
              <td>{byPoints ? o.points : o.mentions}</td>
              <td>{percent(o.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {results.regions.length ? (
        <div className="table-wrap" role="region" aria-label="Uitslag per regio" tabIndex={0}>
          <table>
            <caption>Per regio ({unit}; tussen haakjes het aantal stemmers)</caption>
            <thead>
              <tr>
                <th scope="col">Optie</th>
                {results.regions.map((r) => (
                  <th key={r.region} scope="col">
                    {r.region} ({r.ballots})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {results.options.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.label}</th>
                  {results.regions.map((r) => (
                    <td key={r.region}>{r.options[String(o.id)] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
