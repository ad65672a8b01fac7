import type { GroupLabel } from './types';

/**
 * Group coding. Labels are ordered as R orders factor levels from
 * `factor(x)`: numerically if every label is a number, otherwise by locale
 * collation of their string form (R's `sort()` of character vectors).
 */
export interface GroupCoding {
  labels: string[];
  /** index[i] = position of subject i's label in `labels`. */
  index: Int32Array;
  /** Subjects per group. */
  sizes: Int32Array;
}

const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: false });

export function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  const c = collator.compare(a, b);
  return c !== 0 ? c : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * @param levels optional explicit level order (e.g. to keep empty groups);
 *               labels not in `levels` are appended in sorted order.
 */
export function codeGroups(group: ArrayLike<GroupLabel>, levels?: readonly GroupLabel[]): GroupCoding {
  const n = group.length;
  const map = new Map<string, number>();
  const labels: string[] = [];
  if (levels) {
    for (const l of levels) {
      const s = String(l);
      if (!map.has(s)) {
        map.set(s, labels.length);
        labels.push(s);
      }
    }
  }
  const seen = new Set<string>(labels);
  const extra: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = String(group[i]);
    if (!seen.has(s)) {
      seen.add(s);
      extra.push(s);
    }
  }
  const allNumeric = [...labels, ...extra].every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  extra.sort(allNumeric ? (a, b) => Number(a) - Number(b) : compareLabels);
  for (const s of extra) {
    map.set(s, labels.length);
    labels.push(s);
  }
  const index = new Int32Array(n);
  const sizes = new Int32Array(labels.length);
  for (let i = 0; i < n; i++) {
    const g = map.get(String(group[i])) ?? 0;
    index[i] = g;
    sizes[g] = (sizes[g] as number) + 1;
  }
  return { labels, index, sizes };
}
