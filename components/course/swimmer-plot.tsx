/**
 * The swimmer plot of one patient's ibrutinib course, drawn with visx on the server (layout:
 * swimmer-layout.ts). The SVG is an image with a one-sentence description; the same facts are a
 * table under it (a screen reader, a printout, a person checking a date), and the legend is HTML so
 * it wraps on a phone while the plot keeps a legible width and pans inside its own box.
 */
import { AxisBottom } from '@visx/axis';
import { scaleLinear } from '@visx/scale';
import { TableWrap } from '@/components/table-wrap';
import { daysToMonths, dayOrNull } from '@/lib/analysis/dates';
import type { DerivedCourse } from '@/lib/course/derive';
import styles from './course.module.css';
import { swimmerLayout, type DoseBand, type EndMarker } from './swimmer-layout';

export const DOSE_FILL: Record<DoseBand, { fill: string; text: string; label: string }> = {
  420: { fill: '#0b3d75', text: '#fff', label: '420 mg/day' },
  280: { fill: '#2f6db3', text: '#fff', label: '280 mg/day' },
  140: { fill: '#8fb5e3', text: '#1b1f24', label: '140 mg/day' },
  other: { fill: '#5a6b85', text: '#fff', label: 'other dose' },
  unknown: { fill: '#d5d9df', text: '#1b1f24', label: 'dose not recorded' },
};
const SEVERE = '#b3261e';
const MILD = '#8a5a00';
const INK = '#1b1f24';

const months = (from: string, to: string | null) => {
  const a = dayOrNull(from);
  const b = dayOrNull(to);
  return a === null || b === null ? null : daysToMonths(b - a);
};
const LEGEND_END: Record<EndMarker['kind'], string> = {
  progression: 'progression', discontinuation: 'discontinuation (last dose)', death: 'death', 'last-contact': 'last contact, alive',
};
const fmtMonths = (m: number | null) => (m === null ? '—' : m.toFixed(1));

/** One sentence that says what the picture shows (the SVG's description). */
export function describeCourse(c: DerivedCourse): string {
  const parts: string[] = [];
  if (c.ibrutinibStart) parts.push(`Ibrutinib from ${c.ibrutinibStart}`);
  if (c.timeOnDrugDays !== null) parts.push(`${daysToMonths(c.timeOnDrugDays).toFixed(1)} months on the drug`);
  const doses = [...new Set(c.dosePeriods.map((p) => (p.mg === null ? 'dose not recorded' : `${p.mg} mg`)))];
  if (doses.length) parts.push(`doses ${doses.join(', then ')}`);
  parts.push(`${c.interruptions.count} interruption${c.interruptions.count === 1 ? '' : 's'}`);
  const severe = c.adverseEvents.filter((a) => (a.grade ?? 0) >= 3).length;
  parts.push(`${c.adverseEvents.length} adverse event${c.adverseEvents.length === 1 ? '' : 's'} (${severe} of grade 3 or more)`);
  if (c.progression) parts.push(`progression on ${c.progression.date}`);
  if (c.discontinuationDate) parts.push(`discontinued on ${c.discontinuationDate}`);
  if (c.death) parts.push(c.death.date ? `died on ${c.death.date}` : 'died (date not recorded)');
  else if (c.lastContact) parts.push(`last contact ${c.lastContact}`);
  return `${parts.join('; ')}.`;
}

function EndShape({ m }: { m: EndMarker }) {
  switch (m.kind) {
    case 'progression':
      return <path d={`M${m.x},${m.y - 7}l7,12h-14z`} fill="#6a3d9a" />;
    case 'discontinuation':
      return <rect x={m.x - 6} y={m.y - 6} width={12} height={12} fill={INK} />;
    case 'death':
      return <path d={`M${m.x - 6},${m.y - 6}l12,12M${m.x + 6},${m.y - 6}l-12,12`} stroke={INK} strokeWidth={3} />;
    case 'last-contact':
      return <path d={`M${m.x - 6},${m.y - 7}l12,7l-12,7z`} fill="#fff" stroke={INK} strokeWidth={1.5} />;
  }
}

export function SwimmerPlot({ id, course, discontinuationReason, deathCause }: {
  id: string; course: DerivedCourse; discontinuationReason: string | null; deathCause: string | null;
}) {
  const l = swimmerLayout(course);
  if (!l) {
    return <p className="muted" data-testid="swimmer-empty">No course to draw yet: enter the ibrutinib start on the baseline form or a dose period.</p>;
  }
  const x = scaleLinear<number>({ domain: [0, l.axis.maxMonths], range: [l.axis.x0, l.axis.x1] });
  const hatch = `${id}-hatch`;
  const barMid = l.bar.y + l.bar.h / 2;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const rows: { from: string; to: string; what: string }[] = [
    ...l.segments.map((s) => ({ from: s.from, to: s.to, what: `Ibrutinib ${DOSE_FILL[s.band].label}${s.seq !== null ? ` (dose period ${s.seq})` : ''}` })),
    ...l.interruptions.map((g) => ({ from: g.from, to: g.to ?? '', what: `Interruption ${g.seq}${g.to ? '' : ' (still interrupted)'}: ${g.days} days without ibrutinib` })),
    ...l.adverseEvents.map((a) => ({ from: a.date, to: '', what: `Adverse event ${a.seq}: ${a.term}, grade ${a.grade ?? 'not recorded'}${a.serious ? ', serious' : ''}` })),
    ...l.markers.map((m) => ({
      from: m.date, to: '',
      what: m.kind === 'discontinuation' && discontinuationReason ? `Discontinued: ${discontinuationReason}`
        : m.kind === 'death' && deathCause ? `Death: ${deathCause}` : m.label,
    })),
  ].sort((a, b) => a.from.localeCompare(b.from));
  return (
    <figure className={styles.swimmer} aria-labelledby={`${id}-caption`} data-testid="swimmer-plot">
      <figcaption id={`${id}-caption`}><strong>Swimmer plot</strong>{' '}
        <span className="muted"><span className="nowrap">{l.start}</span> to <span className="nowrap">{l.end}</span> · {l.spanMonths.toFixed(1)} months</span>
        <span className={`muted ${styles.panHint}`}> · the plot scrolls sideways</span></figcaption>
      <div className={styles.plotBox} tabIndex={0} role="region" aria-label="Swimmer plot">
        <svg id={id} xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${l.width} ${l.height}`} width="100%" role="img"
          aria-labelledby={`${titleId} ${descId}`} fontFamily="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" fontSize={12}
          className={styles.plot}>
          <title id={titleId}>Swimmer plot of the ibrutinib course</title>
          <desc id={descId}>{describeCourse(course)}</desc>
          <defs>
            <pattern id={hatch} patternUnits="userSpaceOnUse" width={6} height={6} patternTransform="rotate(45)">
              <rect width={6} height={6} fill="#fff" />
              <line x1={0} y1={0} x2={0} y2={6} stroke={SEVERE} strokeWidth={2.2} />
            </pattern>
          </defs>
          {l.axis.ticks.map((t) => <line key={`g-${t}`} x1={x(t)} x2={x(t)} y1={l.bar.y - 4} y2={l.axis.y} stroke="#eef0f3" />)}
          {l.offDrug ? <line x1={l.offDrug.x0} x2={l.offDrug.x1} y1={barMid} y2={barMid} stroke="#8a939e" strokeWidth={2} strokeDasharray="4 3" data-testid="swimmer-off-drug" /> : null}
          {l.segments.map((s) => (
            <g key={`s-${s.from}`} data-dose={s.band}>
              <rect x={s.x0} y={l.bar.y} width={s.x1 - s.x0} height={l.bar.h} fill={DOSE_FILL[s.band].fill} stroke="#fff" strokeWidth={1} />
              {s.labelX !== null ? <text x={s.labelX} y={barMid + 4} textAnchor="middle" fill={DOSE_FILL[s.band].text} fontWeight={600}>{s.label}</text> : null}
            </g>
          ))}
          {l.interruptions.map((g) => (
            <rect key={`i-${g.seq}`} x={g.x0} y={l.bar.y + 2} width={g.x1 - g.x0} height={l.bar.h - 4} fill={`url(#${hatch})`} stroke={SEVERE} strokeWidth={1}
              data-testid="swimmer-interruption" />
          ))}
          {l.adverseEvents.map((a) => {
            const severe = (a.grade ?? 0) >= 3;
            const r = severe ? 9 : 7.5;
            return (
              <g key={`ae-${a.seq}`} data-testid="swimmer-ae" data-grade={a.grade ?? ''}>
                <line x1={a.x} x2={a.x} y1={a.y + r} y2={l.bar.y} stroke={severe ? SEVERE : MILD} strokeWidth={1} strokeDasharray="2 2" />
                <circle cx={a.x} cy={a.y} r={r} fill={severe ? SEVERE : '#fff'} stroke={severe ? SEVERE : MILD} strokeWidth={severe ? 1 : 1.5} />
                <text x={a.x} y={a.y + 4} textAnchor="middle" fontSize={severe ? 11 : 10} fontWeight={700} fill={severe ? '#fff' : MILD}>{a.grade ?? '?'}</text>
              </g>
            );
          })}
          {l.markers.map((m) => (
            <g key={`m-${m.kind}`} data-testid={`swimmer-${m.kind}`}>
              <line x1={m.x} x2={m.x} y1={l.bar.y + l.bar.h} y2={m.y - 7} stroke={INK} strokeWidth={1} strokeDasharray="2 2" />
              <EndShape m={m} />
              <text x={m.labelX} y={m.y + 4} textAnchor={m.anchor} fill={INK}>{m.label}</text>
            </g>
          ))}
          <AxisBottom scale={x} top={l.axis.y} tickValues={l.axis.ticks} label="Months from the ibrutinib start"
            tickLabelProps={{ fontSize: 12, fill: INK, textAnchor: 'middle' }} labelProps={{ fontSize: 12, textAnchor: 'middle', fill: INK }} />
        </svg>
      </div>
      <ul className={styles.legend} aria-label="Legend">
        {(['420', '280', '140', 'other', 'unknown'] as const).filter((b) => l.segments.some((s) => s.band === b)).map((b) => (
          <li key={b}><svg width="22" height="12" aria-hidden="true"><rect width="22" height="12" fill={DOSE_FILL[b].fill} /></svg>{DOSE_FILL[b].label}</li>
        ))}
        {l.offDrug ? <li><svg width="22" height="12" aria-hidden="true"><line x1="0" x2="22" y1="6" y2="6" stroke="#8a939e" strokeWidth="2" strokeDasharray="4 3" /></svg>off ibrutinib</li> : null}
        {l.interruptions.length ? <li><svg width="22" height="12" aria-hidden="true"><rect width="22" height="12" fill={`url(#${hatch})`} stroke={SEVERE} /></svg>interruption</li> : null}
        {l.adverseEvents.some((a) => (a.grade ?? 0) < 3) ? <li><svg width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="#fff" stroke={MILD} strokeWidth="1.5" /></svg>adverse event, grade 1–2 (number: grade)</li> : null}
        {l.adverseEvents.some((a) => (a.grade ?? 0) >= 3) ? <li><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="8" fill={SEVERE} /></svg>adverse event, grade ≥ 3</li> : null}
        {l.markers.map((m) => <li key={m.kind}><svg width="16" height="16" viewBox={`${m.x - 8} ${m.y - 8} 16 16`} aria-hidden="true"><EndShape m={m} /></svg>{LEGEND_END[m.kind]}</li>)}
      </ul>
      <details className={styles.details}>
        <summary>The course as a table</summary>
        <TableWrap label="The ibrutinib course as a table">
          <table data-testid="swimmer-table">
            <thead><tr><th className="nowrap">From</th><th className="nowrap">To</th><th className="num">Months</th><th>What</th></tr></thead>
            <tbody>{rows.map((r, i) => (
              <tr key={`r-${i}`}><td className="nowrap">{r.from}</td><td className="nowrap">{r.to || '—'}</td>
                <td className="num">{r.to ? fmtMonths(months(r.from, r.to)) : '—'}</td><td>{r.what}</td></tr>
            ))}</tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
