-- Migration 0012's change notes after a restore into another cluster (scripts/db-restore.ts): the
-- notes keep the old cluster's transaction ids, which may lie ahead of the new cluster's. Such an id
-- is never "visible" in a snapshot, so every edit-check view would re-check those patients (or read
-- everything, for a "many patients" note) until the notes were a day old. A note this cluster wrote
-- and committed always has an id below the current snapshot's xmax, so ignoring (and pruning) the
-- others changes nothing else.
CREATE OR REPLACE FUNCTION public.patient_data_changes_since(p_since text)
RETURNS TABLE (now_snapshot text, many boolean, ids integer[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT pg_current_snapshot()::text,
         coalesce(bool_or(c.patient_id = 0), false),
         coalesce(array_agg(DISTINCT c.patient_id) FILTER (WHERE c.patient_id <> 0), '{}')
  FROM public.patient_data_changes c
  WHERE c.xid >= pg_snapshot_xmin(p_since::pg_snapshot)
    AND c.xid < pg_snapshot_xmax(pg_current_snapshot())
    AND NOT pg_visible_in_snapshot(c.xid, p_since::pg_snapshot)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.prune_patient_data_changes() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  DELETE FROM public.patient_data_changes
  WHERE at < now() - interval '1 day' OR xid >= pg_snapshot_xmax(pg_current_snapshot())
$$;
