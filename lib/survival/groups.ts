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
  // One hash lookup per subject: provisional ids in order of first appearance
  // (explicit levels first), remapped to the sorted order afterwards.
  const provisional = new Int32Array(n);
  const found: string[] = labels.slice();
  let lastKey: GroupLabel | undefined;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const g = group[i] as GroupLabel;
    if (g === lastKey) {
      provisional[i] = lastId;
      continue;
    }
    const s = typeof g === 'string' ? g : String(g);
    let id = map.get(s);
    if (id === undefined) {
      id = found.length;
      map.set(s, id);
      found.push(s);
    }
    provisional[i] = id;
    lastKey = g;
    lastId = id;
  }
  const extra = found.slice(labels.length);
  const allNumeric = found.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  extra.sort(allNumeric ? (a, b) => Number(a) - Number(b) : compareLabels);
  const finalLabels = labels.concat(extra);
  const remap = new Int32Array(found.length);
  finalLabels.forEach((l, k) => {
    remap[map.get(l) ?? 0] = k;
  });
  const index = new Int32Array(n);
  const sizes = new Int32Array(finalLabels.length);
  for (let i = 0; i < n; i++) {
    const g = remap[provisional[i] as number] as number;
    index[i] = g;
    sizes[g] = (sizes[g] as number) + 1;
  }
  return { labels: finalLabels, index, sizes };
}
