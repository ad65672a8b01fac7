/**
 * English texts of the data dictionary: every label, help text, message and code label a person
 * reads about a field, keyed by the field's name (lib/dictionary/fields.ts) and the code list's key
 * (lib/dictionary/code-lists.ts). A second language is a second file of the same type
 * (DictionaryText); the definitions never change for it.
 *
 * Which label is used where:
 * - `label`: the field's name everywhere a person reads it (queries, edit checks, history, the audit viewer);
 * - `formLabel`: the CRF control's label when it says more (e.g. "(optional)");
 * - `short`: the patient summary;
 * - `exportLabel`: the data dictionary file, R/SPSS variable labels and ODM (defaults to `label`);
 * - `noun`: how date messages name the field ("Enter the date of death.");
 * - `importNoun`: how import messages name the field ("must be one of: … (Rai stage)").
 */
import type { CodeListKey } from '../code-lists';
import type { FieldName } from '../fields';
import type { MissingCode } from '../types';

export interface FieldMessages {
  /** A value is needed (always, on entry, or because of another answer). */
  required?: string;
  /** The value is of the wrong kind (a code not in the list, not yes/no). */
  invalid?: string;
  integer?: string;
  /** Below min / above max; `range` covers both when one message says it. */
  min?: string;
  max?: string;
  range?: string;
  /** The field has a value although its condition (onlyWhen) does not hold. */
  notApplicable?: string;
  /** Each code once (multiple choice). */
  duplicate?: string;
}

export interface FieldText {
  label: string;
  formLabel?: string;
  short?: string;
  exportLabel?: string;
  help?: string;
  /** The CRF control's empty choice when it says more than "Choose…" (e.g. "Not staged"). */
  emptyOption?: string;
  /** Example text in an empty text box. */
  placeholder?: string;
  /** Notes in the data dictionary file. */
  notes?: string;
  noun?: string;
  importNoun?: string;
  /** Table 1 row title, when the field has a Table 1 row. */
  table1?: string;
  /** Dashboard grouping's name, when the field is a grouping. */
  grouping?: string;
  messages?: FieldMessages;
}

export interface CodeListText {
  /** Full labels: data dictionary, R factor labels, SPSS value labels, ODM code lists. */
  labels: Record<string, string>;
  /** Option texts of the CRF control (default: `labels`). */
  options?: Record<string, string>;
  /** Short labels for tables, groupings and the summary (default: the code). */
  short?: Record<string, string>;
}

export interface CommonText {
  choose: string;
  yes: string;
  no: string;
  notKnown: string;
  dateRequired: (noun: string) => string;
  dateInvalid: (noun: string) => string;
  dateTooOld: (noun: string) => string;
  dateFuture: (noun: string) => string;
  textTooLong: (max: number) => string;
  /** The control that records why a value is missing. */
  missingLabel: string;
  missingNone: string;
  missingWithValue: string;
  numberInvalid: string;
  decimals: (places: number) => string;
}

export interface DictionaryText {
  fields: Record<FieldName, FieldText>;
  codeLists: Record<CodeListKey, CodeListText>;
  missing: Record<MissingCode, string>;
  common: CommonText;
}

const same = (codes: readonly string[]) => Object.fromEntries(codes.map((c) => [c, c]));
const PROGRESSION_ONLY = 'Progression details apply only when the reason is progression.';
const AE_ONLY = 'Adverse event details apply only when the reason is an adverse event.';

export const en: DictionaryText = {
  fields: {
    sex: { label: 'Sex', short: 'Sex', importNoun: 'sex', table1: 'Sex', grouping: 'Sex', messages: { required: 'Choose the sex.' } },
    birthYear: { label: 'Year of birth', importNoun: 'year of birth' },
    patientStatus: { label: 'Record status', notes: 'empty = active', importNoun: 'record status' },

    ibrutinibStart: { label: 'Ibrutinib start date', short: 'Ibrutinib start', noun: 'date of ibrutinib start' },
    ageAtStart: {
      label: 'Age at start', formLabel: 'Age at start (derived)', short: 'Age at start', exportLabel: 'Age at ibrutinib start',
      notes: 'empty: derived from birth year (start year − birth year, minus one before 2 July)', importNoun: 'age at start',
      table1: 'Age at ibrutinib start, years, median (range)', grouping: 'Age at start (< 65 / ≥ 65)',
    },
    ecog: {
      label: 'ECOG performance status', short: 'ECOG', importNoun: 'ECOG', table1: 'ECOG performance status', grouping: 'ECOG',
      messages: { required: 'Choose the ECOG performance status (0–4).', range: 'ECOG is 0 to 4.' },
    },
    raiStage: {
      label: 'Rai stage', importNoun: 'Rai stage', table1: 'Rai stage', grouping: 'Rai stage',
      messages: { required: 'Choose the Rai stage.' },
    },
    binetStage: {
      label: 'Binet stage', formLabel: 'Binet stage (optional)', importNoun: 'Binet stage', grouping: 'Binet stage', emptyOption: 'Not staged',
      messages: { invalid: 'Choose A, B or C, or leave empty.' },
    },
    del17p: {
      label: 'del(17p) by FISH', short: 'del(17p)', exportLabel: '17p deletion (FISH)', importNoun: '17p deletion',
      table1: 'del(17p) by FISH', grouping: 'del(17p)', messages: { required: 'Choose the del(17p) FISH result.' },
    },
    ighv: {
      label: 'IGHV status', short: 'IGHV', exportLabel: 'IGHV mutation status', importNoun: 'IGHV', table1: 'IGHV', grouping: 'IGHV',
      messages: { required: 'Choose the IGHV status.' },
    },
    tp53: {
      label: 'TP53 mutation status', short: 'TP53 mutation', exportLabel: 'TP53 mutation status (sequencing)', importNoun: 'TP53 mutation status',
      help: 'TP53 gene mutation by sequencing (del(17p) is recorded separately).',
      table1: 'TP53 mutation', grouping: 'TP53 mutation', messages: { invalid: 'Choose mutated, unmutated or not tested, or leave empty.' },
    },
    b2m: {
      label: 'β2-microglobulin', formLabel: 'β2-microglobulin (mg/L, optional)', short: 'β2-microglobulin',
      exportLabel: 'Serum β2-microglobulin at ibrutinib start', importNoun: 'β2-microglobulin in mg/L',
      help: 'Serum level at ibrutinib start, in mg/L (the CLL-IPI counts > 3.5 mg/L).',
      table1: 'β2-microglobulin, mg/L, median (range)',
      messages: { invalid: 'Enter a number in mg/L (e.g. 3.2).', min: 'β2-microglobulin is at least 0.1 mg/L.', max: 'More than 100 mg/L is not plausible: check the unit (mg/L).' },
    },
    priorLines: {
      label: 'Prior lines of therapy', short: 'Prior lines', exportLabel: 'Number of prior lines of therapy', importNoun: 'prior lines',
      grouping: 'Prior lines (1 / 2 / 3 / ≥ 4)',
      messages: {
        required: 'Enter the number of prior lines of therapy.', integer: 'Enter a whole number.',
        min: 'Patients in the programme had at least 1 prior line.', max: 'More than 20 prior lines is not plausible.',
      },
    },
    priorPurineAnalogue: { label: 'Prior purine analogue', messages: { required: 'Answer yes or no.' } },
    priorAntiCd20: { label: 'Prior anti-CD20', exportLabel: 'Prior anti-CD20 antibody', messages: { required: 'Answer yes or no.' } },
    inclusionCriteria: {
      label: 'Inclusion criteria met', formLabel: 'Programme inclusion criteria met (a–f of the programme protocol)', short: 'Inclusion criteria',
      exportLabel: 'Programme inclusion criteria met (letters a–f, e.g. "a;c")', importNoun: 'inclusion criteria letters',
      messages: { duplicate: 'Each criterion once.' },
    },

    bestResponse: {
      label: 'Best response', formLabel: 'Best response on ibrutinib (iwCLL)', exportLabel: 'Best response on ibrutinib (iwCLL)',
      importNoun: 'best response', grouping: 'Best response', messages: { required: 'Choose the best response (iwCLL).' },
    },
    assessedDate: { label: 'Date assessed', short: 'Assessed', exportLabel: 'Date best response assessed', noun: 'date of assessment' },

    lastDoseDate: {
      label: 'Date of last dose', formLabel: 'Date of last ibrutinib dose', short: 'Last dose', exportLabel: 'Date of last ibrutinib dose',
      noun: 'date of last dose',
    },
    reason: {
      label: 'Reason', formLabel: 'Reason for discontinuation', exportLabel: 'Reason for discontinuation', importNoun: 'reason for discontinuation',
      messages: { required: 'Choose the reason for discontinuation.' },
    },
    reasonOther: {
      label: 'Other reason', formLabel: 'Other reason (describe)', exportLabel: 'Other reason for discontinuation (text)',
      messages: { required: 'Describe the other reason.' },
    },
    aeTerm: {
      label: 'Adverse event (CTCAE term)', formLabel: 'CTCAE term', short: 'Adverse event (CTCAE)', exportLabel: 'Adverse event: CTCAE v4.03 term',
      messages: { required: 'Choose the adverse event from the CTCAE v4.03 list.', notApplicable: AE_ONLY },
    },
    aeTermSpecify: { label: 'Specify (Other)', formLabel: 'Specify the adverse event', messages: { notApplicable: AE_ONLY } },
    aeSoc: { label: 'System organ class', exportLabel: 'Adverse event: CTCAE system organ class' },
    aeVerbatim: {
      label: 'Verbatim term', formLabel: 'Verbatim term (as written at the site, optional)', exportLabel: 'Adverse event: verbatim term as reported',
      placeholder: 'e.g. pneumonia',
      messages: { notApplicable: AE_ONLY },
    },
    aeGrade: {
      label: 'Grade', exportLabel: 'Adverse event: CTCAE grade',
      messages: { required: 'Choose a grade from 1 to 5.', invalid: 'Choose a grade from 1 to 5.', range: 'Grade is 1 to 5.', notApplicable: AE_ONLY },
    },
    aeOnsetDate: {
      label: 'AE onset date', formLabel: 'Onset date', short: 'AE onset', exportLabel: 'Adverse event: onset date', noun: 'onset date',
      messages: { required: 'Enter the onset date of the adverse event.', notApplicable: AE_ONLY },
    },
    aeEtiology: {
      label: 'Pathogen / etiology', short: 'Etiology', exportLabel: 'Adverse event: pathogen / etiology', messages: { notApplicable: AE_ONLY },
    },
    progressionType: {
      label: 'Progression type', formLabel: 'Type of progression', exportLabel: 'Type of progression', importNoun: 'progression type',
      messages: {
        required: 'Choose the type of progression (CLL or Richter transformation).', invalid: 'Choose CLL or Richter transformation.',
        notApplicable: PROGRESSION_ONLY,
      },
    },
    rtHistology: {
      label: 'RT histology', exportLabel: 'Richter transformation histology', importNoun: 'Richter histology',
      messages: {
        required: 'Choose the histology of the Richter transformation.', invalid: 'Choose DLBCL or Hodgkin.',
        notApplicable: 'RT histology applies only to Richter transformation.',
      },
    },
    cnsInvolvement: {
      label: 'CNS involvement', formLabel: 'CNS involvement (biopsy-confirmed)', exportLabel: 'CNS involvement (biopsy-confirmed)',
      messages: { invalid: 'Answer yes or no.', notApplicable: PROGRESSION_ONLY },
    },
    resistanceMutations: {
      label: 'Resistance mutations', formLabel: 'Resistance mutations tested (optional)', exportLabel: 'Resistance mutations tested (e.g. BTK C481S)',
      placeholder: 'e.g. BTK C481S, PLCG2',
      messages: { notApplicable: PROGRESSION_ONLY },
    },

    regimen: { label: 'Regimen', messages: { required: 'Enter the regimen.' } },
    startDate: { label: 'Start date', noun: 'start date' },
    therapyResponse: { label: 'Best response', importNoun: 'response', messages: { invalid: 'Choose a response or leave empty.' } },

    vitalStatus: { label: 'Vital status', importNoun: 'vital status', messages: { required: 'Choose the vital status.' } },
    lastContactDate: { label: 'Last contact date', short: 'Last contact', exportLabel: 'Date of last contact', noun: 'date of last contact' },
    deathDate: {
      label: 'Date of death', short: 'Death date', noun: 'date of death',
      messages: { required: 'Enter the date of death.', notApplicable: 'A date of death needs the vital status "dead".' },
    },
    deathCause: {
      label: 'Cause of death', importNoun: 'cause of death',
      messages: { required: 'Choose the cause of death.', invalid: 'Choose the cause of death.', notApplicable: 'A cause of death needs the vital status "dead".' },
    },
    deathCauseOther: {
      label: 'Cause of death (other)', formLabel: 'Cause of death (other, describe)', short: 'Cause (other)', exportLabel: 'Other cause of death (text)',
      messages: { required: 'Describe the other cause of death.', notApplicable: 'Only for the cause "other".' },
    },
    deathContributingCauses: {
      label: 'Contributing causes of death', formLabel: 'Contributing causes (optional)', short: 'Contributing causes',
      exportLabel: 'Causes that contributed to the death', messages: { duplicate: 'Each cause once.', notApplicable: 'Contributing causes need the vital status "dead".' },
    },

    visitDate: { label: 'Visit date', noun: 'visit date', messages: { required: 'Enter the visit date.' } },
    visitEcog: { label: 'ECOG at visit', formLabel: 'ECOG performance status', short: 'ECOG' },
    visitResponse: { label: 'Response at visit', formLabel: 'Response assessment (iwCLL 2018)', short: 'Response', exportLabel: 'Response at visit (iwCLL 2018)' },
    visitProgression: {
      label: 'Progression', formLabel: 'Progression since the last visit', messages: { required: 'Answer whether the disease progressed.', invalid: 'Answer yes or no.' },
    },
    visitProgressionType: {
      label: 'Type of progression', importNoun: 'progression type',
      messages: { required: 'Choose CLL progression or Richter transformation.', notApplicable: 'A type of progression needs progression "yes".' },
    },
    visitIbrutinibStatus: {
      label: 'Ibrutinib at visit', formLabel: 'Ibrutinib at this visit', short: 'Ibrutinib', messages: { required: 'Choose the ibrutinib status at this visit.' },
    },
    visitVitalStatus: { label: 'Vital status at visit', formLabel: 'Vital status', short: 'Vital status', messages: { required: 'Choose the vital status.' } },

    eventTerm: {
      label: 'Adverse event (CTCAE term)', formLabel: 'CTCAE term', short: 'Adverse event', exportLabel: 'Adverse event: CTCAE v4.03 term',
      messages: { required: 'Choose the adverse event from the CTCAE v4.03 list.' },
    },
    eventTermSpecify: { label: 'Specify (Other)', formLabel: 'Specify the adverse event' },
    eventSoc: { label: 'System organ class', exportLabel: 'Adverse event: CTCAE system organ class' },
    eventVerbatim: {
      label: 'Verbatim term', formLabel: 'Verbatim term (as written at the site, optional)', placeholder: 'e.g. pneumonia',
      exportLabel: 'Adverse event: verbatim term as reported',
    },
    eventGrade: {
      label: 'CTCAE grade', short: 'Grade', exportLabel: 'Adverse event: CTCAE grade',
      messages: { required: 'Choose a grade from 1 to 5.', invalid: 'Choose a grade from 1 to 5.', range: 'Grade is 1 to 5.' },
    },
    eventEtiology: { label: 'Pathogen / etiology', short: 'Etiology', exportLabel: 'Adverse event: pathogen / etiology' },
    eventOnsetDate: { label: 'Onset date', noun: 'onset date', messages: { required: 'Enter the onset date of the adverse event.' } },
    eventOngoing: { label: 'Ongoing', formLabel: 'Still ongoing', messages: { required: 'Answer whether the event is still ongoing.', invalid: 'Answer yes or no.' } },
    eventResolutionDate: {
      label: 'Resolution date', noun: 'resolution date',
      messages: { required: 'Enter the date the event resolved (or answer that it is ongoing).', notApplicable: 'An ongoing event has no resolution date.' },
    },
    eventSerious: { label: 'Serious', formLabel: 'Serious adverse event (SAE)', messages: { required: 'Answer whether the event was serious.', invalid: 'Answer yes or no.' } },
    eventRelation: { label: 'Relation to ibrutinib', messages: { required: 'Choose the relation to ibrutinib.' } },
    eventAction: {
      label: 'Action taken with ibrutinib', short: 'Action', help: '"Discontinued" links this event to the discontinuation as its cause.',
      messages: { required: 'Choose the action taken with ibrutinib.' },
    },
    eventOutcome: { label: 'Outcome', messages: { required: 'Choose the outcome.' } },

    doseStartDate: { label: 'Dose from', formLabel: 'Start of this dose', noun: 'start of the dose', messages: { required: 'Enter the date this dose started.' } },
    dose: { label: 'Daily dose', formLabel: 'Daily dose of ibrutinib', messages: { required: 'Choose the daily dose.' } },
    doseOtherMg: {
      label: 'Other dose (mg/day)', formLabel: 'Other daily dose (mg)',
      messages: { required: 'Enter the daily dose in mg.', range: 'Enter a daily dose from 1 to 840 mg.', notApplicable: 'Only for the dose "other".' },
    },
    doseReason: { label: 'Reason for the change', formLabel: 'Reason for the dose change (empty for the starting dose)' },
    doseReasonOther: {
      label: 'Other reason', formLabel: 'Other reason (describe)',
      messages: { required: 'Describe the other reason.', notApplicable: 'Only for the reason "other".' },
    },
    doseAdverseEvent: {
      label: 'Adverse event causing the change', formLabel: 'Which adverse event',
      messages: { required: 'Choose the adverse event that made the change necessary.', notApplicable: 'Only when the reason is an adverse event.' },
    },

    interruptionStartDate: { label: 'Interrupted from', formLabel: 'First day without ibrutinib', noun: 'start of the interruption', messages: { required: 'Enter the first day without ibrutinib.' } },
    interruptionEndDate: {
      label: 'Last day without ibrutinib', formLabel: 'Last day without ibrutinib (empty while it lasts)', short: 'Until',
      noun: 'last day of the interruption',
    },
    interruptionReason: { label: 'Reason for the interruption', messages: { required: 'Choose the reason for the interruption.' } },
    interruptionReasonOther: {
      label: 'Other reason', formLabel: 'Other reason (describe)',
      messages: { required: 'Describe the other reason.', notApplicable: 'Only for the reason "other".' },
    },
    interruptionAdverseEvent: {
      label: 'Adverse event causing the interruption', formLabel: 'Which adverse event',
      messages: { required: 'Choose the adverse event that caused the interruption.', notApplicable: 'Only when the reason is an adverse event.' },
    },

    sampleDate: { label: 'Sample date', noun: 'sample date', messages: { required: 'Enter the date of the sample.' } },
    testDel17p: { label: 'del(17p) (FISH)', short: 'del(17p)' },
    testTp53: { label: 'TP53 mutation', short: 'TP53' },
    testIghv: { label: 'IGHV mutation status', short: 'IGHV' },
    testDel11q: { label: 'del(11q) (FISH)', short: 'del(11q)' },
    testComplexKaryotype: { label: 'Complex karyotype (≥ 3 aberrations)', short: 'Karyotype' },
  },

  codeLists: {
    sex: { labels: { male: 'Male', female: 'Female' }, options: { male: 'male', female: 'female' } },
    patientStatus: { labels: { active: 'Active', withdrawn: 'Withdrawn', entered_in_error: 'Entered in error' } },
    raiStage: { labels: { 0: 'Rai 0', I: 'Rai I', II: 'Rai II', III: 'Rai III', IV: 'Rai IV' }, options: same(['0', 'I', 'II', 'III', 'IV']) },
    binetStage: { labels: { A: 'Binet A', B: 'Binet B', C: 'Binet C' }, options: same(['A', 'B', 'C']) },
    del17p: {
      labels: { present: 'del(17p) present', absent: 'del(17p) absent', not_tested: 'Not tested' },
      options: { present: 'present', absent: 'absent', not_tested: 'not tested' }, short: { present: 'present', absent: 'absent', not_tested: 'not tested' },
    },
    ighv: {
      labels: { mutated: 'IGHV mutated', unmutated: 'IGHV unmutated', not_tested: 'Not tested' },
      options: { mutated: 'mutated', unmutated: 'unmutated', not_tested: 'not tested' }, short: { mutated: 'mutated', unmutated: 'unmutated', not_tested: 'not tested' },
    },
    tp53: {
      labels: { mutated: 'TP53 mutated', unmutated: 'TP53 unmutated', not_tested: 'Not tested' },
      options: { mutated: 'mutated', unmutated: 'unmutated', not_tested: 'not tested' }, short: { mutated: 'mutated', unmutated: 'unmutated', not_tested: 'not tested' },
    },
    response: {
      labels: {
        CR: 'Complete response', PR: 'Partial response', 'PR-L': 'Partial response with lymphocytosis', SD: 'Stable disease',
        PD: 'Progressive disease', NE: 'Not evaluable',
      },
      options: {
        CR: 'CR — complete remission', PR: 'PR — partial remission', 'PR-L': 'PR-L — partial remission with lymphocytosis',
        SD: 'SD — stable disease', PD: 'PD — progressive disease', NE: 'NE — not evaluable',
      },
    },
    discReason: {
      labels: {
        adverse_event: 'Adverse event', progression: 'Progression', patient_decision: 'Patient decision',
        lost_to_follow_up: 'Lost to follow-up', other: 'Other',
      },
      // The patient summary names the reason in words, not by its code.
      short: {
        adverse_event: 'Adverse event', progression: 'Progression', patient_decision: 'Patient decision',
        lost_to_follow_up: 'Lost to follow-up', other: 'Other',
      },
    },
    progressionType: {
      labels: { CLL: 'CLL progression (untransformed)', RT: 'Richter transformation' },
      options: { CLL: 'CLL (untransformed)', RT: 'RT — Richter transformation' },
    },
    rtHistology: { labels: { DLBCL: 'Diffuse large B-cell lymphoma', Hodgkin: 'Hodgkin lymphoma' }, options: same(['DLBCL', 'Hodgkin']) },
    vitalStatus: { labels: { alive: 'Alive', dead: 'Dead', unknown: 'Unknown' }, options: same(['alive', 'dead', 'unknown']) },
    deathCause: {
      labels: same([
        'progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'gastrointestinal bleeding',
        'cerebellar ischemic stroke', 'exacerbation of COPD', 'suicide', 'bladder cancer', 'unknown', 'other',
      ]),
    },
    aeGrade: {
      labels: { 1: 'Grade 1 (mild)', 2: 'Grade 2 (moderate)', 3: 'Grade 3 (severe)', 4: 'Grade 4 (life-threatening)', 5: 'Grade 5 (death)' },
    },
    ecog: { labels: { 0: 'ECOG 0', 1: 'ECOG 1', 2: 'ECOG 2', 3: 'ECOG 3', 4: 'ECOG 4' }, options: same(['0', '1', '2', '3', '4']) },
    inclusion: {
      labels: same(['a', 'b', 'c', 'd', 'e', 'f']),
      // The compassionate-use programme's criteria (at least one met), as the paper gives them.
      options: {
        a: 'a) Deletion of the short arm of chromosome 17 (17p deletion)',
        b: 'b) Failure of 2 or more previous treatments (at least 1 with a purine analogue such as fludarabine)',
        c: 'c) Progression-free interval under 24 months after a nucleoside analogue or bendamustine-containing regimen with an anti-CD20 antibody such as rituximab',
        d: 'd) Failure to respond to prior chemotherapy-based treatment',
        e: 'e) Stable disease or disease progression on treatment',
        f: 'f) Ineligible for treatment or re-treatment with a purine analogue-based therapy',
      },
    },
    missing: { labels: { not_done: 'Not done', unknown: 'Unknown', not_applicable: 'Not applicable' } },
    visitResponse: {
      labels: {
        CR: 'Complete remission', CRi: 'Complete remission with incomplete marrow recovery', nPR: 'Nodular partial remission',
        PR: 'Partial remission', 'PR-L': 'Partial remission with lymphocytosis', SD: 'Stable disease', PD: 'Progressive disease', NE: 'Not evaluable',
      },
      short: { CR: 'CR', CRi: 'CRi', nPR: 'nPR', PR: 'PR', 'PR-L': 'PR-L', SD: 'SD', PD: 'PD', NE: 'NE' },
    },
    ibrutinibStatus: {
      labels: { full_dose: 'Taking the full dose', reduced_dose: 'Taking a reduced dose', interrupted: 'Interrupted', discontinued: 'Permanently discontinued' },
      short: { full_dose: 'Full dose', reduced_dose: 'Reduced dose', interrupted: 'Interrupted', discontinued: 'Discontinued' },
    },
    aeRelation: {
      labels: { not_related: 'Not related', unlikely: 'Unlikely related', possible: 'Possibly related', probable: 'Probably related', definite: 'Definitely related' },
      short: { not_related: 'Not related', unlikely: 'Unlikely', possible: 'Possible', probable: 'Probable', definite: 'Definite' },
    },
    aeAction: {
      labels: { none: 'None (dose unchanged)', interrupted: 'Interrupted', dose_reduced: 'Dose reduced', discontinued: 'Permanently discontinued' },
      short: { none: 'None', interrupted: 'Interrupted', dose_reduced: 'Dose reduced', discontinued: 'Discontinued' },
    },
    aeOutcome: {
      labels: {
        recovered: 'Recovered', recovering: 'Recovering', not_recovered: 'Not recovered', recovered_with_sequelae: 'Recovered with sequelae',
        fatal: 'Fatal', unknown: 'Unknown',
      },
      short: {
        recovered: 'Recovered', recovering: 'Recovering', not_recovered: 'Not recovered', recovered_with_sequelae: 'Sequelae',
        fatal: 'Fatal', unknown: 'Unknown',
      },
    },
    ibrutinibDose: {
      labels: { 420: '420 mg/day', 280: '280 mg/day', 140: '140 mg/day', other: 'Other dose' },
      short: { 420: '420 mg', 280: '280 mg', 140: '140 mg', other: 'Other' },
    },
    courseReason: {
      labels: {
        adverse_event: 'Adverse event', procedure: 'Surgery or procedure', drug_interaction: 'Drug interaction',
        patient_decision: 'Patient decision', other: 'Other',
      },
      short: { adverse_event: 'Adverse event', procedure: 'Procedure', drug_interaction: 'Interaction', patient_decision: 'Patient decision', other: 'Other' },
    },
    aberration: { labels: { present: 'Present', absent: 'Absent', not_tested: 'Not tested' }, short: { present: 'Present', absent: 'Absent', not_tested: 'Not tested' } },
    karyotype: {
      labels: { complex: 'Complex (≥ 3 aberrations)', not_complex: 'Not complex', not_tested: 'Not tested' },
      short: { complex: 'Complex', not_complex: 'Not complex', not_tested: 'Not tested' },
    },
  },

  missing: { not_done: 'Not done', unknown: 'Unknown', not_applicable: 'Not applicable' },

  common: {
    choose: 'Choose…',
    yes: 'yes',
    no: 'no',
    notKnown: 'Not known',
    dateRequired: (noun) => `Enter the ${noun}.`,
    dateInvalid: (noun) => `The ${noun} is not a valid date (use YYYY-MM-DD).`,
    dateTooOld: (noun) => `The ${noun} is too far in the past.`,
    dateFuture: (noun) => `The ${noun} cannot be in the future.`,
    textTooLong: (max) => `Use at most ${max} characters.`,
    missingLabel: 'If not available, why',
    missingNone: 'Value given',
    missingWithValue: 'Give either a value or the reason it is missing, not both.',
    numberInvalid: 'Enter a number.',
    decimals: (places) => `Use at most ${places} decimal places.`,
  },
};
