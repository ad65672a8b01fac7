'use client';
/** Hover read-out for a step plot: a vertical guide and each curve's value (and CI) at the hovered time. */
import { localPoint } from '@visx/event';
import { useState, type PointerEvent } from 'react';
import type { HoverSeries } from './hover-data';

interface Props { width: number; height: number; left: number; top: number; innerWidth: number; innerHeight: number; xMax: number; series: HoverSeries[] }

/** Values arrive in per mille (hover-data.ts). */
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v / 10).toFixed(1)}%`);

/** Value of a right-continuous step function at t: the last step at or before t. */
export function stepAt(time: readonly number[], t: number): number {
  let lo = 0;
  let hi = time.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((time[mid] as number) <= t) { k = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return k;
}

export function StepPlotHover(p: Props) {
  const [t, setT] = useState<number | null>(null);
  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const pt = localPoint(e);
    if (!pt) return;
    const svg = e.currentTarget.ownerSVGElement;
    const scale = svg ? p.width / svg.getBoundingClientRect().width : 1;
    const xIn = pt.x * scale - p.left;
    setT(Math.max(0, Math.min(p.xMax, (xIn / p.innerWidth) * p.xMax)));
  };
  const xPos = t === null ? 0 : p.left + (t / p.xMax) * p.innerWidth;
  return (
    <>
      <svg viewBox={`0 0 ${p.width} ${p.height}`} width="100%" style={{ position: 'absolute', inset: 0 }} aria-hidden="true">
        <rect x={p.left} y={p.top} width={p.innerWidth} height={p.innerHeight} fill="transparent"
          onPointerMove={onMove} onPointerDown={onMove}
          // Pointer events, so a tap shows the read-out on a touch screen (there is no hover there); a
          // finger lifting counts as leaving, so only the mouse clears it on leave.
          onPointerLeave={(e) => { if (e.pointerType === 'mouse') setT(null); }} data-testid="plot-hover-area" />
        {t !== null ? <line x1={xPos} x2={xPos} y1={p.top} y2={p.top + p.innerHeight} stroke="#5b6470" strokeDasharray="3 3" pointerEvents="none" /> : null}
      </svg>
      {t !== null ? (
        <div className="plot-tooltip" role="status" data-testid="plot-tooltip"
          style={{ position: 'absolute', left: `${(xPos / p.width) * 100}%`, top: 8, transform: xPos > p.width / 2 ? 'translateX(calc(-100% - 8px))' : 'translateX(8px)',
            background: '#fff', border: '1px solid #d9dde3', borderRadius: 6, padding: '.35rem .5rem', fontSize: '.85rem', pointerEvents: 'none', whiteSpace: 'nowrap', boxShadow: '0 2px 6px rgba(0,0,0,.12)' }}>
          <strong>{t.toFixed(1)} months</strong>
          {p.series.map((s) => {
            const beyond = s.maxTime !== null && t > s.maxTime;
            const k = stepAt(s.time, t);
            return (
              <div key={s.label} style={{ color: s.colour }}>
                {s.label}: {beyond || k < 0 ? '–' : `${pct(s.value[k])}${s.lower && s.upper ? ` (${pct(s.lower[k])}–${pct(s.upper[k])})` : ''}`}
              </div>
            );
          })}
        </div>
      ) : null}
    </>
  );
}
