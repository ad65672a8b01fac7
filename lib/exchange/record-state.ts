/**
 * A patient record's write state as an import sees it: the version of the patient row and the
 * version and status of each form. Every write to a record (CRF save, status change, signature,
 * unlock, import) raises one of these versions, so two equal states mean nothing was written in
 * between. The import's preview keeps the state of every patient of the file and the commit
 * compares it, under the patients' row locks, with the state then (run-import.ts).
 *
 * Encoded as a short string ("3|2c|-|1l|-|4v": patient version, then baseline, response,
 * discontinuation, therapies, follow-up as version + status letter, '-' = no form); '' = the
 * patient is not registered.
 */
export const STATE_FORMS = ['baseline', 'response', 'discontinuation', 'therapies', 'followUp'] as const;
export type StateForm = (typeof STATE_FORMS)[number];
export type StateStatus = 'draft' | 'complete' | 'verified' | 'locked';

export interface FormState { version: number; status: StateStatus }
export interface RecordState { version: number; forms: Record<StateForm, FormState | null> }

const LETTER: Record<StateStatus, string> = { draft: 'd', complete: 'c', verified: 'v', locked: 'l' };
const STATUS_OF: Record<string, StateStatus> = { d: 'draft', c: 'complete', v: 'verified', l: 'locked' };
const FORM_LABEL: Record<StateForm, string> = {
  baseline: 'baseline', response: 'response', discontinuation: 'discontinuation', therapies: 'subsequent therapies', followUp: 'follow-up',
};

export function encodeState(s: RecordState | null): string {
  if (!s) return '';
  return [String(s.version), ...STATE_FORMS.map((f) => { const x = s.forms[f]; return x ? `${x.version}${LETTER[x.status]}` : '-'; })].join('|');
}

export function decodeState(text: string): RecordState | null {
  if (!text) return null;
  const [version, ...parts] = text.split('|');
  const forms = Object.fromEntries(STATE_FORMS.map((f, i) => {
    const m = /^(\d+)([dcvl])$/.exec(parts[i] ?? '-');
    return [f, m ? { version: Number(m[1]), status: STATUS_OF[m[2] ?? ''] ?? 'draft' } : null];
  })) as Record<StateForm, FormState | null>;
  return { version: Number(version), forms };
}

const formText = (x: FormState | null) => (x ? `version ${x.version}, ${x.status}` : 'none');

/** What moved between two states, in words for the import report ("the baseline form: version 2, complete → version 3, locked"). */
export function describeStateChange(seen: string, now: string): string {
  const a = decodeState(seen);
  const b = decodeState(now);
  if (!a && b) return 'the patient was registered';
  if (a && !b) return 'the patient is no longer in the registry';
  if (!a || !b) return 'nothing';
  const out: string[] = [];
  if (a.version !== b.version) out.push(`the patient record: version ${a.version} → ${b.version}`);
  for (const f of STATE_FORMS) {
    const x = a.forms[f];
    const y = b.forms[f];
    if (x?.version !== y?.version || x?.status !== y?.status) out.push(`the ${FORM_LABEL[f]} form: ${formText(x)} → ${formText(y)}`);
  }
  return out.join('; ');
}
