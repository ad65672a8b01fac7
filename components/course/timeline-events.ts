/**
 * The patient's course as dated events for the record home's timeline: the ibrutinib start, visits
 * (with their response), progression, adverse events (with grade), dose changes, interruptions,
 * tests, the discontinuation, the next treatment, death and the last contact. Entered-in-error
 * instances are left out (as from every analysis); instances without their date are listed apart,
 * so nothing entered silently disappears. Pure (rows in, events out), so it is unit-tested.
 */
import { codeLabel, recordDef, type RecordKind } from '@/lib/dictionary';

type Code = string | null;
interface Instance { seq: number; enteredInError: boolean }

export interface TimelineInput {
  ibrutinibStart: string | null;
  discontinuation: { lastDoseDate: string | null; reason: Code; reasonOther?: string | null; progressionType?: Code } | null;
  followUp: { vitalStatus: Code; lastContactDate: string | null; deathDate: string | null; deathCause: Code; deathCauseOther?: string | null } | null;
  therapies: readonly { regimen: string; startDate: string | null }[];
  visits: readonly (Instance & { visitDate: string | null; ecog: number | null; response: Code; progression: boolean | null; progressionType: Code; ibrutinibStatus: Code; vitalStatus: Code })[];
  adverseEvents: readonly (Instance & { term: string | null; grade: number | null; onsetDate: string | null; serious: boolean | null; action: Code; resolutionDate: string | null; ongoing: boolean | null })[];
  dosePeriods: readonly (Instance & { startDate: string | null; dose: Code; doseOtherMg: number | null; reason: Code; adverseEventSeq: number | null })[];
  interruptions: readonly (Instance & { startDate: string | null; endDate: string | null; reason: Code; adverseEventSeq: number | null })[];
  tests: readonly (Instance & { sampleDate: string | null; del17p: Code; tp53: Code; ighv: Code; del11q: Code; complexKaryotype: Code })[];
}

export type TimelineKind =
  | 'start' | 'visit' | 'progression' | 'adverse-event' | 'dose' | 'interruption' | 'test' | 'discontinuation' | 'therapy' | 'death' | 'last-contact';

export interface TimelineEvent {
  date: string;
  kind: TimelineKind;
  /** What happened, in a few words ("Adverse event 2: Lung infection, grade 3"). */
  title: string;
  /** Further facts, already worded ("serious · action: dose reduced"). */
  details: string[];
  /** Path under /patients/<code>/ of the record or form that holds it. */
  href: string;
  /** Worth a reader's eye: grade ≥ 3, progression, discontinuation, death. */
  emphasis: boolean;
}

export interface UndatedRecord { kind: RecordKind; seq: number; href: string; title: string }

/** Events on the same day: the course's logic (start first, death last). */
const ORDER: TimelineKind[] = ['start', 'dose', 'test', 'visit', 'progression', 'adverse-event', 'interruption', 'discontinuation', 'therapy', 'last-contact', 'death'];

const label = (list: Parameters<typeof codeLabel>[0], code: Code, kind: 'label' | 'short' = 'label') => (code === null ? null : codeLabel(list, code, kind));
const recordHref = (kind: RecordKind, seq: number) => `${recordDef(kind).slug}/${seq}`;

export function doseText(dose: Code, otherMg: number | null): string {
  if (dose === null) return 'dose not recorded';
  if (dose === 'other') return otherMg === null ? 'other dose' : `${otherMg} mg/day`;
  return `${dose} mg/day`;
}

function reasonText(reason: Code, aeSeq: number | null): string | null {
  if (reason === null) return null;
  const r = codeLabel('courseReason', reason).toLowerCase();
  return reason === 'adverse_event' && aeSeq !== null ? `${r} ${aeSeq}` : r;
}

function testResults(t: TimelineInput['tests'][number]): string {
  const parts: string[] = [];
  // A marker "not tested" on this sample is no result.
  const add = (name: string, list: Parameters<typeof codeLabel>[0], v: Code) => {
    if (v !== null && v !== 'not_tested') parts.push(`${name} ${codeLabel(list, v, 'short').toLowerCase()}`);
  };
  add('del(17p)', 'aberration', t.del17p);
  add('TP53', 'tp53', t.tp53);
  add('IGHV', 'ighv', t.ighv);
  add('del(11q)', 'aberration', t.del11q);
  if (t.complexKaryotype !== null && t.complexKaryotype !== 'not_tested') parts.push(t.complexKaryotype === 'complex' ? 'complex karyotype' : 'karyotype not complex');
  return parts.length ? parts.join(', ') : 'no result recorded';
}

export function buildTimeline(c: TimelineInput): { events: TimelineEvent[]; undated: UndatedRecord[] } {
  const events: TimelineEvent[] = [];
  const undated: UndatedRecord[] = [];
  const dated = (kind: RecordKind, seq: number, date: string | null, title: string): date is string => {
    if (date) return true;
    undated.push({ kind, seq, href: recordHref(kind, seq), title });
    return false;
  };

  if (c.ibrutinibStart) events.push({ date: c.ibrutinibStart, kind: 'start', title: 'Ibrutinib started', details: [], href: 'baseline', emphasis: false });

  for (const v of c.visits) {
    if (v.enteredInError) continue;
    const title = `Visit ${v.seq}`;
    if (!dated('visit', v.seq, v.visitDate, title)) continue;
    const details = [
      v.response ? `response ${label('visitResponse', v.response, 'short')}` : 'response not assessed',
      ...(v.ecog !== null ? [`ECOG ${v.ecog}`] : []),
      ...(v.ibrutinibStatus ? [`ibrutinib: ${label('ibrutinibStatus', v.ibrutinibStatus)?.toLowerCase()}`] : []),
    ];
    events.push({ date: v.visitDate, kind: 'visit', title, details, href: recordHref('visit', v.seq), emphasis: false });
    if (v.progression) {
      events.push({
        date: v.visitDate, kind: 'progression', title: v.progressionType === 'RT' ? 'Progression: Richter transformation' : 'Progression',
        details: v.progressionType === 'CLL' ? ['CLL (untransformed)'] : [], href: recordHref('visit', v.seq), emphasis: true,
      });
    }
  }

  for (const a of c.adverseEvents) {
    if (a.enteredInError) continue;
    const title = `Adverse event ${a.seq}: ${a.term ?? 'term not recorded'}${a.grade !== null ? `, grade ${a.grade}` : ''}`;
    if (!dated('adverse-event', a.seq, a.onsetDate, title)) continue;
    const details = [
      ...(a.serious ? ['serious'] : []),
      ...(a.action ? [`action: ${label('aeAction', a.action)?.toLowerCase()}`] : []),
      a.ongoing ? 'ongoing' : a.resolutionDate ? `resolved ${a.resolutionDate}` : null,
    ].filter((d): d is string => d !== null);
    events.push({ date: a.onsetDate, kind: 'adverse-event', title, details, href: recordHref('adverse-event', a.seq), emphasis: (a.grade ?? 0) >= 3 });
  }

  for (const p of c.dosePeriods) {
    if (p.enteredInError) continue;
    const title = `Dose ${doseText(p.dose, p.doseOtherMg)}`;
    if (!dated('dose-period', p.seq, p.startDate, title)) continue;
    const why = reasonText(p.reason, p.adverseEventSeq);
    events.push({ date: p.startDate, kind: 'dose', title, details: why ? [`reason: ${why}`] : [], href: recordHref('dose-period', p.seq), emphasis: false });
  }

  for (const i of c.interruptions) {
    if (i.enteredInError) continue;
    const title = `Interruption ${i.seq}`;
    if (!dated('interruption', i.seq, i.startDate, title)) continue;
    const why = reasonText(i.reason, i.adverseEventSeq);
    events.push({
      date: i.startDate, kind: 'interruption', title, href: recordHref('interruption', i.seq), emphasis: false,
      details: [i.endDate ? `until ${i.endDate}` : 'still interrupted', ...(why ? [`reason: ${why}`] : [])],
    });
  }

  for (const t of c.tests) {
    if (t.enteredInError) continue;
    const title = `Test ${t.seq}`;
    if (!dated('molecular-test', t.seq, t.sampleDate, title)) continue;
    events.push({ date: t.sampleDate, kind: 'test', title, details: [testResults(t)], href: recordHref('molecular-test', t.seq), emphasis: false });
  }

  const d = c.discontinuation;
  if (d?.lastDoseDate) {
    const reason = d.reason === 'other' && d.reasonOther ? d.reasonOther : label('discReason', d.reason)?.toLowerCase();
    events.push({
      date: d.lastDoseDate, kind: 'discontinuation', title: 'Ibrutinib discontinued (last dose)', href: 'discontinuation', emphasis: true,
      details: [reason ? `reason: ${reason}` : 'reason not recorded', ...(d.progressionType === 'RT' ? ['Richter transformation'] : [])],
    });
  }

  c.therapies.forEach((t) => {
    if (t.startDate) events.push({ date: t.startDate, kind: 'therapy', title: `Next treatment: ${t.regimen}`, details: [], href: 'therapies', emphasis: false });
  });

  const f = c.followUp;
  if (f?.deathDate) {
    const cause = f.deathCause === 'other' && f.deathCauseOther ? f.deathCauseOther : f.deathCause;
    events.push({ date: f.deathDate, kind: 'death', title: 'Death', details: cause ? [`cause: ${cause}`] : ['cause not recorded'], href: 'follow-up', emphasis: true });
  } else if (f?.lastContactDate) {
    events.push({
      date: f.lastContactDate, kind: 'last-contact', title: 'Last contact', href: 'follow-up', emphasis: false,
      details: f.vitalStatus ? [label('vitalStatus', f.vitalStatus)?.toLowerCase() ?? ''] : [],
    });
  }

  events.sort((a, b) => a.date.localeCompare(b.date) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return { events, undated };
}
