/**
 * A field of a repeating record by the label its form shows (the data dictionary's), for a value
 * key of the record or its `<key>Missing` companion ("Onset date: if not available, why"). Pure:
 * the edit checks, the services and the pages share it.
 */
import { dictionaryText, fieldLabel as dictionaryFieldLabel, fieldOfForm, type RecordKind } from '@/lib/dictionary';

export function recordFieldLabel(kind: RecordKind, key: string): string {
  const f = fieldOfForm(kind, key);
  if (f) return dictionaryFieldLabel(f.name);
  const base = key.endsWith('Missing') ? fieldOfForm(kind, key.slice(0, -'Missing'.length)) : undefined;
  if (base?.missingCodes) return `${dictionaryFieldLabel(base.name)}: ${dictionaryText().common.missingLabel.toLowerCase()}`;
  return key;
}
