-- Same audit rows as 0001, written by ONE set-based INSERT … SELECT per changed row instead of one
-- INSERT per field in a PL/pgSQL loop: a bulk import writes millions of audit rows and the loop's
-- per-statement overhead dominated on the embedded database. Semantics are unchanged: insert →
-- one row per non-NULL column; update → one row per column whose value IS DISTINCT FROM the old one;
-- bookkeeping columns skipped; no actor → refused; DELETE → refused.
CREATE OR REPLACE FUNCTION audit_patient_data() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := coalesce(current_setting('app.actor_id', true), '');
  v_label text := coalesce(current_setting('app.actor_label', true), '');
  v_reason text := nullif(current_setting('app.reason', true), '');
  v_old jsonb := '{}'::jsonb;
  v_new jsonb;
  v_patient integer;
  v_centre integer;
  v_actor_id integer;
  v_insert boolean := TG_OP = 'INSERT';
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'patient data is never deleted (table %): change its status instead', TG_TABLE_NAME
      USING ERRCODE = 'P0001';
  END IF;
  IF v_actor = '' OR v_label = '' THEN
    RAISE EXCEPTION 'audit: refusing a change to % without an acting user', TG_TABLE_NAME
      USING ERRCODE = 'P0001';
  END IF;
  IF v_actor <> 'system' THEN
    v_actor_id := v_actor::integer;
  END IF;
  v_new := to_jsonb(NEW);
  IF NOT v_insert THEN
    v_old := to_jsonb(OLD);
  END IF;
  IF TG_TABLE_NAME = 'patients' THEN
    v_patient := NEW.id;
    v_centre := (v_new->>'centre_id')::integer;
  ELSE
    v_patient := (v_new->>'patient_id')::integer;
    SELECT centre_id INTO v_centre FROM patients WHERE id = v_patient;
  END IF;
  INSERT INTO audit_log (actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                         field, old_value, new_value, reason)
  SELECT v_actor_id, v_label, lower(TG_OP), TG_TABLE_NAME, v_new->>'id', v_patient, v_centre,
         n.key, v_old->>n.key, v_new->>n.key, v_reason
  FROM jsonb_each(v_new) AS n(key, value)
  WHERE n.key NOT IN ('id', 'created_at', 'updated_at', 'updated_by', 'version', 'created_by')
    AND CASE WHEN v_insert THEN jsonb_typeof(n.value) <> 'null'
             ELSE (v_old->n.key) IS DISTINCT FROM n.value END;
  RETURN NEW;
END
$$;
