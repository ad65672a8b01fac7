import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exchangePatientSchema } from '@/lib/exchange/patient';
import { createCentreSchema, createUserSchema } from './admin';
import { optionalText, saveMeta } from './common';
import { saveDiscontinuationSchema } from './discontinuation';
import { saveFollowUpSchema } from './follow-up';
import { regimenSchema } from './therapies';
import { MULTILINE, SINGLE_LINE, textCharacterProblem } from './text';
import { answerQuerySchema, raiseQuerySchema, unlockFormSchema } from './workflow';

const REFUSED = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\r', '\u001f', '\u007f', '\u0085', '\u009f',
  '\ufdd0', '\ufdef', '\ufffe', '\uffff', '\u{1fffe}', '\u{10ffff}', '\ud800', '\udfff'];
const KEPT = ['plain', 'é ż ß', '🙂 👩‍⚕️', 'שלום עולם', 'مرحبا', '<b> & "q" \'s\'', '\u00a0', '\u200f', '\ufdcf', '\ufdf0', '\ufffd', '\u{1f600}', '\ue000'];

describe('textCharacterProblem', () => {
  it.each(REFUSED)('refuses %j in every field, naming it', (ch) => {
    expect(textCharacterProblem(`a${ch}b`, MULTILINE)).toMatch(/U\+[0-9A-F]{4,6}/);
    expect(textCharacterProblem(`a${ch}b`, SINGLE_LINE)).not.toBeNull();
  });
  it.each(KEPT)('keeps %j', (s) => {
    expect(textCharacterProblem(s, SINGLE_LINE)).toBeNull();
  });
  it('allows tab and newline only in multi-line fields', () => {
    expect(textCharacterProblem('a\tb\nc', MULTILINE)).toBeNull();
    expect(textCharacterProblem('a\tb', SINGLE_LINE)).toBe('must be a single line: it contains a tab; remove it.');
    expect(textCharacterProblem('a\nb', SINGLE_LINE)).toBe('must be a single line: it contains a line break; remove it.');
  });
  it('property: what it keeps is text XML 1.0 can carry', () => {
    const xmlChar = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
      if (textCharacterProblem(s, MULTILINE) === null) expect(s).toMatch(xmlChar);
    }), { numRuns: 500 });
  }, 30_000);
});

describe('every stored text field uses the rule', () => {
  const bad = 'x\u0001y';
  const cases: [string, () => { success: boolean }][] = [
    ['CRF optional text', () => optionalText(200).safeParse(bad)],
    ['change reason', () => saveMeta.changeReason.safeParse(bad)],
    ['other reason', () => saveDiscontinuationSchema.safeParse({ patientCode: 'PL-01-001', version: null, idempotencyKey: 'k-12345678', lastDoseDate: '2019-05-01', reason: 'other', reasonOther: bad })],
    ['other cause of death', () => saveFollowUpSchema.safeParse({ patientCode: 'PL-01-001', version: null, idempotencyKey: 'k-12345678', vitalStatus: 'dead', lastContactDate: '2020-01-01', deathDate: '2020-01-01', deathCause: 'other', deathCauseOther: bad })],
    ['regimen', () => regimenSchema.safeParse(bad)],
    ['unlock reason', () => unlockFormSchema.safeParse({ patientCode: 'PL-01-001', form: 'baseline', version: 1, reason: bad })],
    ['query question', () => raiseQuerySchema.safeParse({ patientCode: 'PL-01-001', form: 'baseline', field: 'ecog', question: bad })],
    ['query answer', () => answerQuerySchema.safeParse({ queryId: 1, answer: bad })],
    ['centre name', () => createCentreSchema.safeParse({ code: 'PL-09', name: bad, city: 'Kraków' })],
    ['user name', () => createUserSchema.safeParse({ email: 'a@b.org', displayName: bad, role: 'coordinator', centreId: null, password: 'long enough 1' })],
    ['import text', () => exchangePatientSchema.safeParse({ id: 'PL-01-001', centre: 'PL-01', sex: 'male', birthYear: 1950, deathCauseOther: bad })],
  ];
  it.each(cases)('%s', (_, parse) => {
    expect(parse().success).toBe(false);
  });
});
