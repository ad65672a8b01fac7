/**
 * Which characters free text may hold: the one rule for every stored text field (CRF forms, the
 * import, data queries, reasons, centre and user names).
 *
 * Refused: control characters (C0, DEL, C1) — except tab and newline in multi-line fields —,
 * Unicode non-characters (U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF in every plane) and lone surrogates.
 * None of them is typed by a person; they arrive by pasting from other programs, and they make the
 * exports unusable: XML 1.0 (the ODM export) cannot carry them at all, and a spreadsheet or our own
 * import chokes on them. Everything else (accents, emoji, right-to-left text, < & " ') is kept.
 */
import { z } from 'zod';

export interface TextRule { multiline: boolean }

const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
// With the u flag a surrogate pair is one code point, so [\uD800-\uDFFF] matches only lone halves.
const NON_CHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `s` cannot be stored as text, in a sentence naming the first offending character; null if it can. */
export function textCharacterProblem(s: string, rule: TextRule): string | null {
  const control = (rule.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE).exec(s);
  if (control) {
    const ch = control[0];
    if (!rule.multiline && (ch === '\n' || ch === '\r' || ch === '\t')) {
      return `must be a single line: it contains a ${ch === '\t' ? 'tab' : 'line break'}; remove it.`;
    }
    return `contains an invisible control character (${codePoint(ch)}), usually pasted from another program; remove it.`;
  }
  const non = NON_CHARACTER.exec(s);
  if (non) return `contains ${codePoint(non[0])}, which is not a character; remove it.`;
  const half = LONE_SURROGATE.exec(s);
  if (half) return `contains a broken character (${codePoint(half[0])}, half of a surrogate pair); remove it.`;
  return null;
}

/**
 * The zod refinement every text field uses (in `.superRefine`). `label` starts the message
 * ("The reason contains …"); with `null` the message starts with the verb, for the import report,
 * which names the column first.
 */
export function refineText(rule: TextRule, label: string | null = 'This text') {
  return (value: string | null | undefined, ctx: z.core.$RefinementCtx<string | null | undefined>): void => {
    if (typeof value !== 'string') return;
    const problem = textCharacterProblem(value, rule);
    if (problem) ctx.addIssue({ code: 'custom', message: label ? `${label} ${problem}` : problem, input: value });
  };
}

export const SINGLE_LINE: TextRule = { multiline: false };
export const MULTILINE: TextRule = { multiline: true };
