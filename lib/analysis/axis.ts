/** Month ticks for the x axis and the number-at-risk table (the same ticks for both). */
const STEPS = [1, 2, 3, 6, 12, 24, 36, 60, 120];

export function monthTicks(maxMonths: number, maxTicks = 10): number[] {
  const max = Math.max(1, Math.ceil(maxMonths));
  const step = STEPS.find((s) => max / s <= maxTicks) ?? Math.ceil(max / maxTicks);
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(t);
  const last = ticks[ticks.length - 1] as number;
  if (last < maxMonths) ticks.push(last + step);
  return ticks;
}
