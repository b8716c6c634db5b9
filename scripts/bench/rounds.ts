/**
 * The round whose ratio is the median (the upper middle one for an even count). The benches
 * measure two things in turn over several rounds, since this machine's speed drifts within
 * minutes, and judge the median round.
 */
export function medianRound<T>(rounds: readonly T[], ratio: (round: T) => number): T {
  if (!rounds.length) throw new Error("no rounds measured");
  return [...rounds].sort((a, b) => ratio(a) - ratio(b))[Math.floor(rounds.length / 2)]!;
}

/** The median of measured values (the upper middle one for an even count). */
export function median(values: readonly number[]): number {
  return medianRound(values, (value) => value);
}
