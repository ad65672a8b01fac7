-- Issue 17: the edit-check report keeps its last pass while no patient data changed, and then
-- re-checks only the patients that did. This table says which patients each committed transaction
-- changed, so every instance of the app can tell, from the database alone, whether the pass it holds
-- is still current.
--
-- Why transaction ids and not "the highest audit id": ids are handed out before commit, so a
-- transaction with a lower id can commit after a reader saw a higher one. A reader instead keeps the
-- snapshot its pass started from (pg_current_snapshot()); later, every row here visible now but not
-- in that snapshot is a change the pass may have missed, whatever order the ids came in. Nothing is
-- updated in place (one row per transaction and patient, written by the writer's own transaction),
-- so no save waits for another on a shared counter row.
--
-- patient_id 0 stands for "many patients": a statement touching more than 200 rows (an import chunk,
-- the seed, a bulk fix) notes one row instead of one per patient, and readers re-check everything.
CREATE TABLE public.patient_data_changes (
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  patient_id integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, patient_id)
);
--> statement-breakpoint
CREATE INDEX patient_data_changes_at_idx ON public.patient_data_changes (at);
--> statement-breakpoint
-- One statement-level trigger function per key column: a patients row is its own patient, every
-- other audited table names its patient in patient_id. SECURITY DEFINER like the audit triggers, so
-- an app role needs no privilege on the table.
CREATE FUNCTION public.note_patient_data_change() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM new_rows LIMIT 201) s) > 200 THEN
    INSERT INTO public.patient_data_changes (patient_id) VALUES (0) ON CONFLICT DO NOTHING;
  ELSIF TG_TABLE_NAME = 'patients' THEN
    INSERT INTO public.patient_data_changes (patient_id) SELECT DISTINCT x.id FROM new_rows x ON CONFLICT DO NOTHING;
  ELSE
    -- PL/pgSQL plans this only when a table of that kind fires it, so x.patient_id is always there.
    INSERT INTO public.patient_data_changes (patient_id)
    SELECT DISTINCT x.patient_id FROM new_rows x WHERE x.patient_id IS NOT NULL ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms',
                           'therapy_forms', 'subsequent_therapies', 'follow_up_forms', 'data_queries'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.note_patient_data_change()', t || '_changes_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON public.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.note_patient_data_change()', t || '_changes_update', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- What changed since a reader's snapshot, read in one statement so the snapshot returned is the one
-- the answer was taken in: the reader re-checks `ids` (or everything when `many`) and keeps `now` as
-- its new snapshot. SECURITY DEFINER: readable by an app role without a grant on the table.
CREATE FUNCTION public.patient_data_changes_since(p_since text)
RETURNS TABLE (now_snapshot text, many boolean, ids integer[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT pg_current_snapshot()::text,
         coalesce(bool_or(c.patient_id = 0), false),
         coalesce(array_agg(DISTINCT c.patient_id) FILTER (WHERE c.patient_id <> 0), '{}')
  FROM public.patient_data_changes c
  WHERE c.xid >= pg_snapshot_xmin(p_since::pg_snapshot)
    AND NOT pg_visible_in_snapshot(c.xid, p_since::pg_snapshot)
$$;
--> statement-breakpoint
-- Rows older than a day are of no use to a reader (the report re-reads everything after 12 hours)
-- and are removed by the report itself after a full pass.
CREATE FUNCTION public.prune_patient_data_changes() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  DELETE FROM public.patient_data_changes WHERE at < now() - interval '1 day'
$$;
