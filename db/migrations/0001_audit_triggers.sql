-- Audit trail by trigger: every INSERT/UPDATE of patient data writes one audit row per changed field,
-- in the same transaction as the change. The acting user and the reason for change come from
-- transaction-local settings (set by db/audit-context.ts); a change without an actor is refused.
-- `IS DISTINCT FROM` (not `<>`) so that changes from and to NULL are recorded.
CREATE OR REPLACE FUNCTION audit_patient_data() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := coalesce(current_setting('app.actor_id', true), '');
  v_label text := coalesce(current_setting('app.actor_label', true), '');
  v_reason text := nullif(current_setting('app.reason', true), '');
  v_old jsonb := '{}'::jsonb;
  v_new jsonb;
  v_key text;
  v_patient integer;
  v_centre integer;
  v_actor_id integer;
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
  IF TG_OP = 'UPDATE' THEN
    v_old := to_jsonb(OLD);
  END IF;
  IF TG_TABLE_NAME = 'patients' THEN
    v_patient := NEW.id;
    v_centre := (v_new->>'centre_id')::integer;
  ELSE
    v_patient := (v_new->>'patient_id')::integer;
    SELECT centre_id INTO v_centre FROM patients WHERE id = v_patient;
  END IF;
  FOR v_key IN SELECT jsonb_object_keys(v_new) LOOP
    -- Bookkeeping columns change with every save; they are not data.
    CONTINUE WHEN v_key IN ('id', 'created_at', 'updated_at', 'updated_by', 'version', 'created_by');
    IF TG_OP = 'INSERT' THEN
      CONTINUE WHEN jsonb_typeof(v_new->v_key) = 'null';
    ELSE
      CONTINUE WHEN (v_old->v_key) IS NOT DISTINCT FROM (v_new->v_key);
    END IF;
    INSERT INTO audit_log (actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                           field, old_value, new_value, reason)
    VALUES (v_actor_id, v_label, lower(TG_OP), TG_TABLE_NAME, v_new->>'id', v_patient, v_centre,
            v_key, v_old->>v_key, v_new->>v_key, v_reason);
  END LOOP;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER patients_audit AFTER INSERT OR UPDATE OR DELETE ON patients
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER baseline_forms_audit AFTER INSERT OR UPDATE OR DELETE ON baseline_forms
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER response_forms_audit AFTER INSERT OR UPDATE OR DELETE ON response_forms
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER discontinuation_forms_audit AFTER INSERT OR UPDATE OR DELETE ON discontinuation_forms
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER therapy_forms_audit AFTER INSERT OR UPDATE OR DELETE ON therapy_forms
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER subsequent_therapies_audit AFTER INSERT OR UPDATE OR DELETE ON subsequent_therapies
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER follow_up_forms_audit AFTER INSERT OR UPDATE OR DELETE ON follow_up_forms
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
CREATE TRIGGER data_queries_audit AFTER INSERT OR UPDATE OR DELETE ON data_queries
  FOR EACH ROW EXECUTE FUNCTION audit_patient_data();
--> statement-breakpoint
-- The audit log itself is append-only.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
