/**
 * Formula injection (CWE-1236): a spreadsheet runs a cell that begins with = + - @ (or tab / CR) as a
 * formula. Every CSV the registry writes prefixes such text with an apostrophe, which spreadsheets
 * show as text.
 *
 * The escaping must also be reversible, or re-importing our own export changes data: a stored value
 * that itself begins with an apostrophe ('=HYPERLINK(…)) would otherwise be written exactly like the
 * escaped =HYPERLINK(…). So text that begins with an apostrophe gets one more, and the import strips
 * exactly one leading apostrophe from every text cell: unescapeFormula(escapeFormula(s)) === s for
 * every string.
 */
export const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function escapeFormula(s: string): string {
  return FORMULA_LEAD.test(s) || s.startsWith("'") ? `'${s}` : s;
}

/** Inverse of escapeFormula for imported cells: drops exactly one leading apostrophe. */
export function unescapeFormula(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}
