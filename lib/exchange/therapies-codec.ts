/**
 * The CSV's `subsequentTherapies` cell: therapies in order, separated by "; ", each
 * `regimen`, optionally ` (RESPONSE)`, optionally ` from YYYY-MM-DD` — e.g.
 * "ABVD (PR); allogeneic SCT (CR)" (the demo file's encoding, which has no start dates).
 */
export interface EncodedTherapy { regimen: string; response: string | null; startDate: string | null }

export function encodeTherapies(list: readonly EncodedTherapy[]): string {
  return list.map((t) => `${t.regimen}${t.response ? ` (${t.response})` : ''}${t.startDate ? ` from ${t.startDate}` : ''}`).join('; ');
}

// A start date never begins with "(": a regimen ending in " from" before its response ("x from (PR)")
// is the regimen, not a start date "(PR)" (found by the text round-trip property test).
const ITEM = /^(.*?)(?: \(([^()]*)\))?(?: from ([^\s(]\S*))?$/;

/** Inverse of encodeTherapies; an item that does not fit gives an error message instead. */
export function decodeTherapies(cell: string): { therapies: EncodedTherapy[]; errors: string[] } {
  const therapies: EncodedTherapy[] = [];
  const errors: string[] = [];
  if (cell.trim() === '') return { therapies, errors };
  cell.split(';').forEach((raw, i) => {
    const item = raw.trim();
    const m = ITEM.exec(item);
    const regimen = m?.[1]?.trim() ?? '';
    if (!m || regimen === '' || /[()]/.test(regimen)) {
      errors.push(`therapy ${i + 1} ("${item}") is not "regimen (response)" — e.g. "R-CHOP (PR); venetoclax (CR)"`);
      return;
    }
    therapies.push({ regimen, response: m[2] === undefined || m[2] === '' ? null : m[2].trim(), startDate: m[3] ?? null });
  });
  return { therapies, errors };
}
