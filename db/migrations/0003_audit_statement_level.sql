-- Same audit rows as 0001/0002, written once per STATEMENT from its transition tables instead of
-- once per row: an import or seed inserts 1,000 records per statement, and the per-row trigger call
-- (to_jsonb, a centre look-up, one INSERT … SELECT) dominated the time on the embedded database.
-- Semantics are unchanged: insert → one row per non-NULL column; update → one row per column whose
-- value IS DISTINCT FROM the old one; bookkeeping columns skipped; a change without an actor is
-- refused; DELETE is refused. New: TRUNCATE of patient data is refused too (it is a hard delete).
--
-- Why three triggers per table: a trigger with transition tables may name only one event.
CREATE OR REPLACE FUNCTION audit_actor_id() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := coalesce(current_setting('app.actor_id', true), '');
  v_label text := coalesce(current_setting('app.actor_label', true), '');
BEGIN
  -- A pooled connection whose setting was reset reads back as '' (not NULL): refused as well.
  IF v_actor = '' OR v_label = '' THEN
    RAISE EXCEPTION 'audit: refusing a change without an acting user' USING ERRCODE = 'P0001';
  END IF;
  RETURN CASE WHEN v_actor = 'system' THEN NULL ELSE v_actor::integer END;
END
$$;
--> statement-breakpoint
-- The patient an audited row belongs to: a patients row is its own patient.
CREATE OR REPLACE FUNCTION audit_row_patient(p_table text, p_row jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN p_table = 'patients' THEN p_row->>'id' ELSE p_row->>'patient_id' END)::integer
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_patient_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor_id integer;
BEGIN
  -- A statement that inserted nothing leaves nothing to audit (and needs no actor).
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  v_actor_id := audit_actor_id();
  -- MATERIALIZED: each row is turned into jsonb once (inlined, to_jsonb ran again for every
  -- reference in every output row — slower than the per-row trigger it replaces).
  WITH r AS MATERIALIZED (SELECT to_jsonb(x) AS j FROM new_rows x)
  INSERT INTO audit_log (actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                         field, old_value, new_value, reason)
  SELECT v_actor_id, current_setting('app.actor_label', true), 'insert', TG_TABLE_NAME, r.j->>'id',
         audit_row_patient(TG_TABLE_NAME, r.j), coalesce(p.centre_id, (r.j->>'centre_id')::integer),
         n.key, NULL, n.value #>> '{}', nullif(current_setting('app.reason', true), '')
  FROM r
  -- A form row's centre is its patient's, looked up by primary key per row. (A plain join let the
  -- planner, who cannot know a transition table's size, hash all of patients on every statement:
  -- quadratic over an import.) A patients row names its own centre.
  LEFT JOIN LATERAL (SELECT pt.centre_id FROM patients pt
                     WHERE TG_TABLE_NAME <> 'patients' AND pt.id = (r.j->>'patient_id')::integer) p ON true
  CROSS JOIN LATERAL jsonb_each(r.j) AS n(key, value)
  WHERE n.key NOT IN ('id', 'created_at', 'updated_at', 'updated_by', 'version', 'created_by')
    AND jsonb_typeof(n.value) <> 'null';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_patient_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor_id integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  v_actor_id := audit_actor_id();
  WITH r AS MATERIALIZED (SELECT to_jsonb(x) AS j, to_jsonb(y) AS o FROM new_rows x JOIN old_rows y ON y.id = x.id)
  INSERT INTO audit_log (actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                         field, old_value, new_value, reason)
  SELECT v_actor_id, current_setting('app.actor_label', true), 'update', TG_TABLE_NAME, r.j->>'id',
         audit_row_patient(TG_TABLE_NAME, r.j), coalesce(p.centre_id, (r.j->>'centre_id')::integer),
         n.key, r.o->>n.key, n.value #>> '{}', nullif(current_setting('app.reason', true), '')
  FROM r
  -- A form row's centre is its patient's, looked up by primary key per row. (A plain join let the
  -- planner, who cannot know a transition table's size, hash all of patients on every statement:
  -- quadratic over an import.) A patients row names its own centre.
  LEFT JOIN LATERAL (SELECT pt.centre_id FROM patients pt
                     WHERE TG_TABLE_NAME <> 'patients' AND pt.id = (r.j->>'patient_id')::integer) p ON true
  CROSS JOIN LATERAL jsonb_each(r.j) AS n(key, value)
  WHERE n.key NOT IN ('id', 'created_at', 'updated_at', 'updated_by', 'version', 'created_by')
    AND (r.o->n.key) IS DISTINCT FROM n.value;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_patient_data_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'patient data is never deleted (table %, %): change its status instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'P0001';
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms',
                           'therapy_forms', 'subsequent_therapies', 'follow_up_forms', 'data_queries'] LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_audit', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION audit_patient_insert()', t || '_audit_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION audit_patient_update()', t || '_audit_update', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I '
                   'FOR EACH ROW EXECUTE FUNCTION refuse_patient_data_delete()', t || '_no_delete', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION refuse_patient_data_delete()', t || '_no_truncate', t);
  END LOOP;
END
$$;
--> statement-breakpoint
DROP FUNCTION audit_patient_data();
