/**
 * The cohort CSV's delimiter, guessed from its header line only. papaparse's own guess parses the
 * whole text once per candidate delimiter (and on a quoted file a wrong one makes its quote scan run
 * far past the rows it means to look at): ~2 s per 100,000 patients, twice per import (preview and
 * commit). The header of a cohort file names ≥ 2 columns without quotes or delimiters inside them,
 * so counting candidates outside quotes on the first line is enough: a comma file (R's write.csv,
 * our export), or a semicolon file as a spreadsheet with a decimal comma saves it, or tabs.
 */
const CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

export function guessDelimiter(text: string): Delimiter {
  const end = text.search(/\r?\n|\r/);
  const header = end === -1 ? text.slice(0, 65536) : text.slice(0, Math.min(end, 65536));
  const counts = new Map<Delimiter, number>(CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}
