import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvLine, escapeFormula, formatCell, unescapeFormula } from './csv-format';
import { dataDictionaryCsv } from './export-dictionary';
import { rScript, spssSyntax } from './export-syntax';
import { decodeTherapies, encodeTherapies } from './therapies-codec';
import { COLUMNS } from './codes';

describe('formula-injection escaping', () => {
  it.each(['=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('escapes %j with an apostrophe', (s) => {
    expect(escapeFormula(s)).toBe(`'${s}`);
    expect(formatCell(s)).toBe(`"'${s.replace(/"/g, '""')}"`);
    expect(unescapeFormula(escapeFormula(s))).toBe(s);
  });
  it('leaves ordinary text, numbers and booleans alone', () => {
    expect(csvLine(['Lung infection', 12, -3, true, null, 'say "hi"'])).toBe('"Lung infection",12,-3,TRUE,,"say ""hi"""');
    // Exactly one leading apostrophe is the escape (text starting with one is written with two).
    expect(unescapeFormula("'quoted")).toBe('quoted');
    expect(unescapeFormula(escapeFormula("'quoted"))).toBe("'quoted");
  });
  it('round-trips any text', () => {
    fc.assert(fc.property(fc.string(), (s) => unescapeFormula(escapeFormula(s)) === s));
  });
});

describe('subsequentTherapies codec', () => {
  it('reads the demo encoding and writes it back', () => {
    const cell = 'ABVD (PR); allogeneic SCT (CR)';
    const { therapies, errors } = decodeTherapies(cell);
    expect(errors).toEqual([]);
    expect(therapies).toEqual([{ regimen: 'ABVD', response: 'PR', startDate: null }, { regimen: 'allogeneic SCT', response: 'CR', startDate: null }]);
    expect(encodeTherapies(therapies)).toBe(cell);
  });
  it('handles start dates and missing responses', () => {
    const cell = 'venetoclax (CR) from 2018-05-01; R-CHOP; ibrutinib rechallenge from 2019-01-02';
    expect(encodeTherapies(decodeTherapies(cell).therapies)).toBe(cell);
    expect(decodeTherapies('R-CHOP from 2018-01-01').therapies).toEqual([{ regimen: 'R-CHOP', response: null, startDate: '2018-01-01' }]);
  });
  it('reports items it cannot read', () => {
    expect(decodeTherapies('ABVD (PR; x').errors[0]).toMatch(/therapy 1/);
    expect(decodeTherapies('(PR)').errors).toHaveLength(1);
  });
});

describe('dictionary and syntax files', () => {
  it('the dictionary lists every column with codes and labels', () => {
    const lines = dataDictionaryCsv().trim().split('\n');
    expect(lines).toHaveLength(COLUMNS.length + 1);
    expect(dataDictionaryCsv()).toContain('"raiStage","baseline","code",,TRUE,"may be empty: the baseline form is then a draft (no form when all its cells are empty)","0=Rai 0 | I=Rai I | II=Rai II | III=Rai III | IV=Rai IV"');
    // Which cells may be empty, from the CRF's required fields: patient columns never; a form's required value → draft.
    expect(dataDictionaryCsv()).toContain('"birthYear","patient","integer","year",TRUE,"required",');
    expect(dataDictionaryCsv()).toContain('"response_assessedDate","response","date",,FALSE,"may be empty: the response form is then a draft (no form when all its cells are empty)",');
    expect(dataDictionaryCsv()).toContain('"ae_onsetDate","discontinuation","date",,FALSE,"may be empty unless other answers require it');
    expect(dataDictionaryCsv()).toContain('"disc_date","discontinuation","date",,TRUE,"required when any discontinuation cell is filled",');
  });
  it('the R script reads the CSV, converts dates and builds labelled factors', () => {
    const r = rScript('cll-registry-cohort.csv');
    expect(r).toContain('data <- read.csv("cll-registry-cohort.csv"');
    expect(r).toContain('data$ibrutinibStart <- as.Date(data$ibrutinibStart)');
    expect(r).toContain('data$bestResponse.factor <- factor(data$bestResponse, levels = c("CR", "PR", "PR-L", "SD", "PD", "NE")');
    expect(r).toContain('attr(data$os_months, "label") <- "Overall survival after discontinuation (months (days / 30.4375))"');
  });
  it('the SPSS syntax defines every variable and the value labels', () => {
    const s = spssSyntax('cll-registry-cohort.csv');
    expect(s).toContain("/FILE='cll-registry-cohort.csv'");
    for (const c of COLUMNS) expect(s).toContain(`    ${c.name} `);
    expect(s).toContain("VALUE LABELS sex 'male' 'Male' 'female' 'Female'.");
  });
});
