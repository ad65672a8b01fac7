/**
 * Issue 11, item 5: export → import is the identity for every text the CRF accepts. fast-check
 * draws strings rich in the characters that matter (formula leads, apostrophes, quotes, separators,
 * line breaks, "NA", emoji, right-to-left text, and characters the forms refuse); every string a
 * form field's own schema accepts is written into that field, exported as the cohort CSV and
 * parsed back by the import, which must report nothing and give the same value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optionalText } from '@/lib/validation/common';
import { regimenSchema } from '@/lib/validation/therapies';
import { MULTILINE } from '@/lib/validation/text';
import { csvHeader, csvLine, patientCells } from './csv-format';
import { deriveColumns } from './derived';
import { parseImport } from './parse-import';
import type { ExchangePatient } from './patient';

const base: ExchangePatient = {
  id: 'PL-01-001', centre: 'PL-01', sex: 'female', birthYear: 1950, status: 'active',
  ibrutinibStart: '2018-03-10', ageAtStart: 67, ecog: 1, raiStage: 'II', binetStage: null, del17p: 'absent', ighv: null, tp53: null, b2m: null,
  priorLines: 2, priorPurineAnalogue: null, priorAntiCd20: null, inclusionCriteria: null, bestResponse: 'PR', responseAssessedDate: '2018-09-01',
  discontinuation: null, subsequentTherapies: [],
  vitalStatus: 'alive', lastContactDate: '2020-01-01', deathDate: null, deathCause: null, deathCauseOther: null,
};
const disc = { date: '2019-05-01', reasonOther: null, progressionType: null, rtHistology: null, cnsInvolvement: null, resistanceMutations: null, adverseEvent: null };

const SPECIALS = [
  "'", "''", '=', '+', '-', '@', '\t', '\n', '\r', '"', '""', ',', ';', '(', ')', '\\', ' ', '  ', '<', '&', '>', ':', 'NA', 'TRUE',
  '🙂', '👩‍⚕️', 'שלום', 'مرحبا', 'ż', 'é', '\u00a0', '\u200f', '\ufeff', ' from 2019-01-01', 'from', '\u0001', '\u007f', '\u0085', '\ufffe', '\ufdd0', '\ud800',
];
const raw = fc.string({ unit: fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 });

/** A string the form field accepts, as the form stores it (trimmed), or null when the form refuses it. */
const accepted = (schema: { safeParse: (v: unknown) => { success: boolean; data?: unknown } }) => (s: string): string | null => {
  const r = schema.safeParse(s);
  return r.success && typeof r.data === 'string' ? r.data : null;
};
const single = accepted(optionalText(200));
const multi = accepted(optionalText(300, MULTILINE));
const regimen = accepted(regimenSchema);
const formText = (f: (s: string) => string | null) => raw.map(f).filter((v): v is string => v !== null);

function reimport(p: ExchangePatient) {
  const csv = `${csvHeader()}\n${csvLine(patientCells(p, deriveColumns(p, 'Warszawa')))}\n`;
  const r = parseImport('export.csv', csv);
  return { problems: r.problems, patient: r.patients[0]?.patient };
}

describe('text fields survive export → import unchanged', () => {
  it('other reason, other cause of death and subsequent therapies', () => {
    fc.assert(fc.property(formText(multi), formText(multi), fc.array(formText(regimen), { minLength: 1, maxLength: 3 }), (reasonOther, causeOther, regimens) => {
      const p: ExchangePatient = {
        ...base, discontinuation: { ...disc, reason: 'other', reasonOther },
        subsequentTherapies: regimens.map((r, i) => ({ regimen: r, response: i === 0 ? 'PR' : null, startDate: i === 1 ? '2019-06-01' : null })),
        vitalStatus: 'dead', deathDate: '2020-01-01', deathCause: 'other', deathCauseOther: causeOther,
      };
      const back = reimport(p);
      expect(back.problems).toEqual([]);
      expect(back.patient).toEqual(p);
    }), { numRuns: 300 });
  }, 30_000);

  it('adverse event: specification of an "Other, specify" term, verbatim term and etiology', () => {
    fc.assert(fc.property(formText(single), formText(single), formText(single), (specify, verbatim, etiology) => {
      const p: ExchangePatient = {
        ...base, discontinuation: { ...disc, reason: 'adverse_event', adverseEvent: {
          term: `Eye disorders - Other, specify: ${specify}`, soc: 'Eye disorders', grade: 3, etiology, verbatim, onsetDate: '2019-04-01',
        } },
      };
      const back = reimport(p);
      expect(back.problems).toEqual([]);
      expect(back.patient).toEqual(p);
    }), { numRuns: 300 });
  }, 30_000);

  it('resistance mutations', () => {
    fc.assert(fc.property(formText(single), (resistanceMutations) => {
      const p: ExchangePatient = { ...base, discontinuation: { ...disc, reason: 'progression', progressionType: 'CLL', resistanceMutations } };
      const back = reimport(p);
      expect(back.problems).toEqual([]);
      expect(back.patient).toEqual(p);
    }), { numRuns: 300 });
  }, 30_000);

  it('the cases of the issue: a stored \'=HYPERLINK(…), a stored =HYPERLINK(…) and "NA" stay distinct', () => {
    for (const value of ["'=HYPERLINK(\"http://x\")", '=HYPERLINK("http://x")', "'plain", "''", 'NA']) {
      const p: ExchangePatient = { ...base, discontinuation: { ...disc, reason: 'other', reasonOther: value } };
      expect(reimport(p).patient?.discontinuation?.reasonOther).toBe(value);
    }
  });
});
