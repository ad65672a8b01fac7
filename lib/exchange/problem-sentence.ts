/**
 * The import report's messages as full sentences. Checks word their findings about a cell as a
 * predicate ("must be one of: …", "is required when …") so that one check serves both the CSV
 * (where the subject is the column) and the JSON file (a field path); here the subject is put back:
 * "raiStage must be one of: 0, I, II, III, IV (Rai stage)." A message that is already a sentence
 * (the forms' own, "The last dose (…) cannot be …") is kept as it is.
 */
import type { Problem } from './parse-import';

const PREDICATE = /^(is|are|has|have|must|contains|does|makes|begins|lists|should|cannot|needs)\b/;

export function problemSentence(p: Pick<Problem, 'row' | 'column' | 'message'>): string {
  const m = p.message.trim();
  let s: string;
  if (PREDICATE.test(m)) {
    const subject = p.column ?? (p.row === null ? 'The file' : 'This row');
    s = `${subject} ${m}`;
  } else {
    s = m.charAt(0).toUpperCase() + m.slice(1);
  }
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Each problem once (same row, column and wording), as sentences, in the order found. */
export function reportProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const message = problemSentence(p);
    const key = `${p.row ?? ''}|${p.column ?? ''}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...p, message });
  }
  return out;
}
