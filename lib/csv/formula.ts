/**
 * Formula injection (CWE-1236): a spreadsheet runs a cell that begins with = + - @ (or tab / CR) as a
 * formula. Every CSV the registry writes prefixes such text with an apostrophe, which spreadsheets
 * show as text; the import strips it again so an export re-imports to the same value.
 */
export const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function escapeFormula(s: string): string {
  return FORMULA_LEAD.test(s) ? `'${s}` : s;
}

/** Inverse of escapeFormula for imported cells. */
export function unescapeFormula(s: string): string {
  return s.startsWith("'") && FORMULA_LEAD.test(s.slice(1)) ? s.slice(1) : s;
}
