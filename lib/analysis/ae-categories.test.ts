import { describe, expect, it } from 'vitest';
import { CTCAE_TERMS } from '@/lib/ctcae/terms';
import { AE_CATEGORIES, AE_CATEGORY_LABELS, AE_CATEGORY_RULES, aeCategory } from './ae-categories';

describe('AE categories', () => {
  it('maps the events ibrutinib studies report to their categories', () => {
    expect(aeCategory('Lung infection', 'Infections and infestations')).toBe('infection');
    expect(aeCategory('Sepsis', 'Infections and infestations')).toBe('infection');
    expect(aeCategory('Atrial fibrillation', 'Cardiac disorders')).toBe('arrhythmia');
    expect(aeCategory('Ventricular tachycardia', 'Cardiac disorders')).toBe('arrhythmia');
    expect(aeCategory('Heart failure', 'Cardiac disorders')).toBe('cardiac');
    expect(aeCategory('Hematoma', 'Vascular disorders')).toBe('bleeding');
    expect(aeCategory('Intracranial hemorrhage', 'Nervous system disorders')).toBe('bleeding');
    expect(aeCategory('Eye disorders - Other, specify: hyphema', 'Eye disorders')).toBe('bleeding');
    expect(aeCategory('Neutrophil count decreased', 'Investigations')).toBe('cytopenia');
    expect(aeCategory('Febrile neutropenia', 'Blood and lymphatic system disorders')).toBe('cytopenia');
    expect(aeCategory('Thrombotic thrombocytopenic purpura', 'Blood and lymphatic system disorders')).toBe('cytopenia');
    expect(aeCategory('Hypertension', 'Vascular disorders')).toBe('hypertension');
    expect(aeCategory('Diarrhea', 'Gastrointestinal disorders')).toBe('other');
    expect(aeCategory(null, null)).toBe('other');
  });

  it('names only CTCAE v4.03 terms, each in one rule, and labels every category', () => {
    const known = new Set(CTCAE_TERMS.map((t) => t.term));
    const socs = new Set(CTCAE_TERMS.map((t) => t.soc));
    const named = AE_CATEGORY_RULES.flatMap((r) => r.terms ?? []);
    expect(named.filter((t) => !known.has(t))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
    expect(AE_CATEGORY_RULES.flatMap((r) => r.socs ?? []).filter((s) => !socs.has(s))).toEqual([]);
    // The type guarantees a label per category; what it cannot say is that each is readable and tells
    // its row apart in the tables (two categories under one label would merge in a reader's eye).
    const labels = AE_CATEGORIES.map((c) => AE_CATEGORY_LABELS[c].trim());
    expect(labels.filter((l) => l.length < 3)).toEqual([]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('puts every term of a listed category where its rule says (no earlier rule steals it)', () => {
    for (const r of AE_CATEGORY_RULES) {
      for (const t of r.terms ?? []) {
        const soc = CTCAE_TERMS.find((x) => x.term === t)?.soc ?? null;
        expect([t, aeCategory(t, soc)]).toEqual([t, r.category]);
      }
    }
  });
});
