'use client';
/**
 * Searchable CTCAE v4.03 term picker (ARIA 1.2 combobox + listbox): type part of a term, a clinical
 * word for it ("pneumonia", "AF", "neutropenia": lib/ctcae/synonyms.ts) or its system organ class,
 * move with ↑/↓, choose with Enter or a click; Escape closes the list. A term found by a clinical
 * word says so ("pneumonia → Lung infection"): the CTCAE term is what is stored and graded.
 */
import { useId, useMemo, useState } from 'react';
import { findTerm, searchTermMatches } from '@/lib/ctcae/terms';

export function CtcaePicker({ id, value, onChange, onBlur, invalid, describedBy }: {
  id: string; value: string | null | undefined; onChange: (v: string | null) => void; onBlur?: () => void;
  invalid?: boolean; describedBy?: string;
}) {
  const listId = useId();
  const [query, setQuery] = useState(value ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const results = useMemo(() => searchTermMatches(query, 15), [query]);

  function choose(term: string) {
    setQuery(term); onChange(term); setOpen(false);
  }
  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, results.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Enter' && open && results[active]) { e.preventDefault(); choose(results[active].term.term); }
    else if (e.key === 'Escape') setOpen(false);
  }
  const expanded = open && results.length > 0;
  return (
    <div style={{ position: 'relative' }}>
      <input
        id={id} role="combobox" aria-autocomplete="list" aria-expanded={expanded} aria-controls={listId}
        aria-activedescendant={expanded ? `${listId}-${active}` : undefined} aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy} autoComplete="off" value={query} placeholder="Type to search, e.g. pneumonia or lung infection"
        style={{ width: '100%' }}
        onChange={(e) => {
          const q = e.target.value;
          setQuery(q); setOpen(true); setActive(0);
          const exact = findTerm(q);
          onChange(exact ? exact.term : q || null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => { setTimeout(() => setOpen(false), 150); onBlur?.(); }}
      />
      {expanded ? (
        <ul id={listId} role="listbox" aria-label="CTCAE terms"
          style={{ position: 'absolute', zIndex: 20, left: 0, right: 0, maxHeight: 280, overflowY: 'auto', margin: 0, padding: 0,
            listStyle: 'none', background: '#fff', border: '1px solid #9aa3ad', borderRadius: 5, boxShadow: '0 4px 12px rgba(0,0,0,.15)' }}>
          {results.map(({ term: t, synonym }, i) => (
            <li key={t.term} id={`${listId}-${i}`} role="option" aria-selected={i === active}
              onMouseDown={(e) => { e.preventDefault(); choose(t.term); }}
              style={{ padding: '.4rem .6rem', cursor: 'pointer', background: i === active ? '#e6f0ff' : undefined }}>
              {synonym ? <><span className="muted">{synonym} → </span><span>{t.term}</span></> : <span>{t.term}</span>}
              <br /><span className="muted" style={{ fontSize: '.8rem' }}>{t.soc}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
