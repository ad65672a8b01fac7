/** The five CRFs: keys (URL slugs, data_queries.form), labels and their queryable fields. */
export const FORM_KEYS = ['baseline', 'response', 'discontinuation', 'therapies', 'follow-up'] as const;
export type FormKey = (typeof FORM_KEYS)[number];

export const FORM_LABELS: Record<FormKey, string> = {
  baseline: 'Baseline',
  response: 'Response',
  discontinuation: 'Discontinuation',
  therapies: 'Subsequent therapies',
  'follow-up': 'Follow-up / death',
};

/** Fields a coordinator can raise a query on, with their labels (as shown on the form). */
export const FORM_FIELDS: Record<FormKey, Record<string, string>> = {
  baseline: {
    ibrutinibStart: 'Ibrutinib start date', ecog: 'ECOG performance status', raiStage: 'Rai stage', binetStage: 'Binet stage',
    del17p: 'del(17p) by FISH', ighv: 'IGHV status', priorLines: 'Prior lines of therapy',
    priorPurineAnalogue: 'Prior purine analogue', priorAntiCd20: 'Prior anti-CD20', inclusionCriteria: 'Inclusion criteria met',
  },
  response: { bestResponse: 'Best response', assessedDate: 'Date assessed' },
  discontinuation: {
    lastDoseDate: 'Date of last dose', reason: 'Reason', reasonOther: 'Other reason', aeTerm: 'Adverse event (CTCAE term)',
    aeTermSpecify: 'Specify (Other)', aeVerbatim: 'Verbatim term', aeGrade: 'Grade', aeOnsetDate: 'AE onset date',
    aeEtiology: 'Pathogen / etiology', progressionType: 'Progression type', rtHistology: 'RT histology',
    cnsInvolvement: 'CNS involvement', resistanceMutations: 'Resistance mutations',
  },
  therapies: { rows: 'Subsequent therapies' },
  'follow-up': {
    vitalStatus: 'Vital status', lastContactDate: 'Last contact date', deathDate: 'Date of death',
    deathCause: 'Cause of death', deathCauseOther: 'Cause of death (other)',
  },
};

export function isFormKey(s: string): s is FormKey {
  return (FORM_KEYS as readonly string[]).includes(s);
}
