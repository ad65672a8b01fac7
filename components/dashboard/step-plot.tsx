/**
 * A step-function figure (Kaplan–Meier or cumulative incidence) drawn with visx on the server:
 * step curves, 95% CIs (shaded bands, or dotted limit lines from three curves on: plot-layout.ts),
 * censor ticks, month axis, the legend beside the curves (swatch, group, n), the tests' results in a
 * free corner of the plot area, number-at-risk rows and the provenance (population, cut-off, method)
 * inside the SVG, so a downloaded SVG/PNG — the figure people paste into papers — carries all of it.
 * Hover values come from the small client overlay (StepPlotHover).
 */
import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { toHoverSeries } from './hover-data';
import { bandOpacity, CHAR_W, ciStyle, LEGEND_LINE_H, legendBeside, placeAnnotation } from './plot-layout';
import { bandStretches, stepBandPath, stepLinePath } from './step-paths';
import { StepPlotHover } from './step-plot-hover';

export interface PlotSeries {
  label: string;
  colour: string;
  dashed?: boolean;
  time: number[];
  value: number[];
  lower?: (number | null)[];
  upper?: (number | null)[];
  censorTime?: number[];
  censorValue?: number[];
  /** Draw the last value flat up to here (last follow-up). */
  maxTime?: number;
}

export interface StepPlotProps {
  id: string;
  title: string;
  yLabel: string;
  series: PlotSeries[];
  ticks: number[];
  atRisk?: { label: string; counts: number[] }[];
  /** Population, cut-off, method: the card's one caption, written into the SVG. */
  captionLines: string[];
  /** Test results printed in the plot area (figure-annotations.ts). */
  annotation?: string[];
  /** 'down' for survival (starts at 100%), 'up' for cumulative incidence. */
  direction: 'down' | 'up';
}

// The SVG scales to the card's width (up to the page's ~1,200 px): 960 units keep 12-unit text at
// about 14 px on a desktop page.
const WIDTH = 960;
const PLOT_H = 400;
const M = { top: 36, right: 16, bottom: 52 };
/** Space between the plot area and the legend beside it. */
const LEGEND_GAP = 20;
const NOTE_LINE_H = 16;
const ROW_H = 18;
/** Number-at-risk labels longer than this are shortened (the legend has the full label). */
const RISK_LABEL_MAX = 24;

const shorten = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

/**
 * Left margin: wide enough for the y axis and for the longest number-at-risk label to end before the
 * first count (centred on the y axis, so half a count's width is needed after the label).
 */
export function leftMargin(riskLabels: readonly string[]): number {
  const longest = riskLabels.reduce((m, l) => Math.max(m, Math.min(l.length, RISK_LABEL_MAX)), 0);
  return Math.max(90, Math.ceil(4 + longest * CHAR_W + 24));
}

function wrap(text: string, max = 140): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if ((line + ' ' + word).trim().length > max) { out.push(line.trim()); line = word; } else line += ' ' + word;
  }
  if (line.trim()) out.push(line.trim());
  return out;
}

type Pt = [number, number, number | null, number | null];

function points(s: PlotSeries): Pt[] {
  const pts: Pt[] = s.time.map((t, k) => [t, s.value[k] as number, s.lower?.[k] ?? null, s.upper?.[k] ?? null]);
  const last = pts[pts.length - 1];
  if (last && s.maxTime !== undefined && s.maxTime > last[0]) pts.push([s.maxTime, last[1], last[2], last[3]]);
  return pts;
}

/** A CI band vertex [time, lower, upper], or null for a break in the band. */
export type BandPt = [number, number, number] | null;

/**
 * The CI band as step-after vertices. Step k covers [time[k], time[k+1]) with the CI of point k, so
 * it is drawn whenever THAT CI is defined — whether or not the next point has one (e.g. survival 0 at
 * the last event, where the CI is undefined). A step with an undefined CI breaks the band. Feeding
 * the raw points to a `defined()` check instead drops the whole stretch before an undefined point.
 */
export function bandPoints(pts: readonly Pt[]): BandPt[] {
  const out: BandPt[] = [];
  for (let k = 0; k < pts.length; k++) {
    const [t, , lo, hi] = pts[k] as Pt;
    if (lo === null || hi === null) { if (out.length && out[out.length - 1] !== null) out.push(null); continue; }
    out.push([t, lo, hi]);
    const next = pts[k + 1];
    // The step's end, when the band cannot continue into the next point: close it at the next time.
    if (next && (next[2] === null || next[3] === null)) out.push([next[0], lo, hi], null);
  }
  return out;
}

/**
 * Censor marks closer than one pixel draw on top of each other: keep one per pixel column, so a
 * 100,000-patient figure stays a small SVG.
 */
function thinMarks(time: readonly number[], value: readonly number[], minGap: number): [number, number][] {
  const out: [number, number][] = [];
  let last = -Infinity;
  for (let k = 0; k < time.length; k++) {
    const t = time[k] as number;
    if (t - last >= minGap) { out.push([t, value[k] as number]); last = t; }
  }
  return out;
}

export function StepPlot(p: StepPlotProps) {
  const xMax = p.ticks[p.ticks.length - 1] ?? 1;
  const riskRows = p.atRisk ?? [];
  const left = leftMargin(riskRows.map((r) => r.label));
  const legend = legendBeside(p.series.map((s) => s.label));
  const innerW = WIDTH - left - LEGEND_GAP - legend.width - M.right;
  const x = scaleLinear<number>({ domain: [0, xMax], range: [0, innerW] });
  // Cumulative incidences are often small: scale the axis to the data (to the next 10%).
  const peak = p.series.reduce((m, s) => s.value.reduce((a, v) => (v > a ? v : a), m), 0);
  // ... and to the CI's upper limits, so the whole band is on the figure (it is clipped to the plot
  // area as well, for the rounding to 10%).
  const upperPeak = p.series.reduce((m, s) => (s.upper ?? []).reduce<number>((a, v) => (v !== null && v > a ? v : a), m), 0);
  const yMax = p.direction === 'up' ? Math.min(1, Math.max(0.1, Math.ceil(Math.max(peak * 1.15, upperPeak) * 10 - 1e-9) / 10)) : 1;
  const clipId = `${p.id}-plot-area`;
  const y = scaleLinear<number>({ domain: [0, yMax], range: [PLOT_H, 0] });
  const withCi = p.series.filter((s) => s.lower && s.upper).length;
  const ci = ciStyle(withCi);
  const note = p.annotation ?? [];
  const noteBox = note.length
    ? placeAnnotation(p.series.map((s) => ({ ...s, maxTime: s.maxTime })), { width: Math.ceil(16 + note.reduce((m, l) => Math.max(m, l.length), 0) * CHAR_W), height: note.length * NOTE_LINE_H + 8 },
      { width: innerW, height: PLOT_H }, x, y)
    : null;
  // The legend starts level with the plot's top; a long one may run below the x axis.
  const riskTop = Math.max(M.top + PLOT_H + M.bottom, M.top + legend.height + 12) + 8;
  const riskH = riskRows.length ? (riskRows.length + 1) * ROW_H + 8 : 0;
  const caption = p.captionLines.flatMap((l) => wrap(l));
  const captionTop = riskTop + riskH + 10;
  const height = captionTop + caption.length * 15 + 8;
  // Sent to the browser for the hover read-out, in the precision the tooltip shows (hover-data.ts).
  const hover = p.series.map(toHoverSeries);
  const pixel = xMax / innerW;
  return (
    <div className="plot-wrap" style={{ position: 'relative', maxWidth: WIDTH * 1.25 }}>
      <svg id={p.id} xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img"
        aria-label={p.title} fontFamily="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" fontSize={12}>
        <rect x={0} y={0} width={WIDTH} height={height} fill="#fff" />
        <title>{p.title}</title>
        <text x={left} y={20} fontSize={15} fontWeight={600} fill="#1b1f24">{p.title}</text>
        <defs><clipPath id={clipId}><rect x={0} y={-1} width={innerW} height={PLOT_H + 2} /></clipPath></defs>
        <Group left={left} top={M.top}>
          <GridRows scale={y} width={innerW} numTicks={5} stroke="#e6e9ee" />
          {p.series.map((s) => {
            if (!s.lower || !s.upper) return null;
            const stretches = bandStretches(bandPoints(points(s))).map((st) => st.map(([t, lo, hi]) => [x(t), y(lo), y(hi)] as const));
            return ci === 'band' ? (
              <path key={`ci-${s.label}`} fill={s.colour} fillOpacity={bandOpacity(withCi)} stroke="none" data-ci={s.label} clipPath={`url(#${clipId})`} d={stepBandPath(stretches)} />
            ) : (
              <path key={`ci-${s.label}`} fill="none" stroke={s.colour} strokeWidth={1} strokeOpacity={0.75} strokeDasharray="1.5 3" data-ci={s.label} clipPath={`url(#${clipId})`}
                d={stretches.map((st) => stepLinePath(st.map(([px, , hi]) => [px, hi] as const)) + stepLinePath(st.map(([px, lo]) => [px, lo] as const))).join('')} />
            );
          })}
          {p.series.map((s) => (
            <path key={`line-${s.label}`} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '6 4' : undefined} fill="none"
              data-series={s.label} d={stepLinePath(points(s).map(([t, v]) => [x(t), y(v)] as const))} />
          ))}
          {p.series.map((s) => (
            <path key={`c-${s.label}`} stroke={s.colour} strokeWidth={1.5} fill="none" data-censor={s.label}
              d={thinMarks(s.censorTime ?? [], s.censorValue ?? [], pixel).map(([t, v]) => `M${x(t).toFixed(1)},${(y(v) - 5).toFixed(1)}v10`).join('')} />
          ))}
          <AxisLeft scale={y} numTicks={5} tickFormat={(v) => `${Math.round(Number(v) * 100)}%`} label={p.yLabel}
            tickLabelProps={{ fontSize: 12, fill: '#1b1f24', textAnchor: 'end', dx: '-0.25em', dy: '0.33em' }} labelOffset={44}
            labelProps={{ fontSize: 13, textAnchor: 'middle', fill: '#1b1f24' }} />
          <AxisBottom scale={x} top={PLOT_H} tickValues={p.ticks} label="Months"
            tickLabelProps={{ fontSize: 12, fill: '#1b1f24', textAnchor: 'middle' }}
            labelProps={{ fontSize: 13, textAnchor: 'middle', fill: '#1b1f24' }} />
          {noteBox ? (
            // Over the curves only when every corner is taken: a near-opaque backing keeps both readable.
            <g transform={`translate(${noteBox.x}, ${noteBox.y})`} data-testid="plot-annotation" data-corner={noteBox.corner}>
              <rect width={noteBox.width} height={noteBox.height} rx={3} fill="#fff" fillOpacity={0.88} stroke="#d0d5dc" />
              {note.map((l, i) => <text key={`n-${i}`} x={8} y={4 + (i + 1) * NOTE_LINE_H - 4} fill="#1b1f24">{l}</text>)}
            </g>
          ) : null}
        </Group>
        <g transform={`translate(${left + innerW + LEGEND_GAP}, ${M.top})`} data-testid="plot-legend">
          {p.series.map((s, i) => (
            <g key={`lg-${s.label}`} transform={`translate(0, ${legend.entries[i]?.y ?? 0})`} data-legend={s.label}>
              <line x1={0} x2={22} y1={7} y2={7} stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dashed ? '6 4' : undefined} />
              {(legend.entries[i]?.lines ?? [s.label]).map((l, j) => <text key={j} x={28} y={11 + j * LEGEND_LINE_H} fill="#1b1f24">{l}</text>)}
            </g>
          ))}
        </g>
        {riskRows.length ? (
          <g transform={`translate(0, ${riskTop})`}>
            <text x={4} y={12} fontWeight={600} fill="#1b1f24">Number at risk</text>
            {riskRows.map((r, i) => (
              <g key={`risk-${r.label}`} transform={`translate(0, ${(i + 1) * ROW_H + 12})`}>
                {/* The left margin fits the label before the first count (centred on the y axis); the legend has the full label. */}
                <text x={4} y={0} fontSize={12} fill={p.series[i]?.colour ?? '#1b1f24'}>{shorten(r.label, RISK_LABEL_MAX)}</text>
                {r.counts.map((c, k) => (
                  <text key={k} x={left + x(p.ticks[k] ?? 0)} y={0} textAnchor="middle" fill="#1b1f24">{c}</text>
                ))}
              </g>
            ))}
          </g>
        ) : null}
        <g data-testid="provenance">
          {caption.map((l, i) => (
            <text key={`cap-${i}`} x={4} y={captionTop + i * 15} fontSize={11} fill="#5b6470">{l}</text>
          ))}
        </g>
      </svg>
      <StepPlotHover width={WIDTH} height={height} left={left} top={M.top} innerWidth={innerW} innerHeight={PLOT_H} xMax={xMax} series={hover} />
    </div>
  );
}
