ALTER TABLE "audit_log" ALTER COLUMN "at" SET DEFAULT clock_timestamp();--> statement-breakpoint
-- Issue 11, items 2 and 15.
--
-- Time. Every audit row carries clock_timestamp(), the time the change was made, not now() (the start
-- of its transaction): an import that began before a signature but changed the form after it must read
-- after it. Changes to one record are serialised by its row lock and an AFTER trigger runs once the
-- change is made, so for one record (at, id) orders the trail as the changes took effect.
--
-- Closed table. The app role loses INSERT on audit_log (scripts/db-roles.ts; below for roles that
-- already have it). Data changes are written by the trigger functions, now SECURITY DEFINER (they run as
-- the owner who applies the migrations), and events by audit_event(), SECURITY DEFINER too, which
-- stamps the time itself: it has no time parameter, so an event cannot be backdated, and it refuses the
-- trigger actions, so a "field X changed" row cannot be forged. search_path is pinned to pg_catalog and
-- every object of ours is schema-qualified, so a caller cannot slip in its own table or function.
--
-- Bookkeeping columns. version, updated_at and updated_by are audited on UPDATE like any field: a version
-- bump, a moved timestamp or another "last changed by" is a change someone made, and nothing about it
-- may be silent (refusing them instead would break optimistic locking and every save). id, created_at
-- and created_by never change legitimately, so a change to them is refused (the update trigger also
-- pairs old and new rows by id). On INSERT the audit rows themselves say who created the record and
-- when, so bookkeeping columns holding what the database would put there anyway (now(), version 1,
-- the acting user or nothing) add no rows; any other value is audited like data. This keeps an import
-- at the same number of audit rows.
CREATE OR REPLACE FUNCTION public.audit_patient_insert() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_actor_id integer;
  v_at timestamptz;
BEGIN
  -- A statement that inserted nothing leaves nothing to audit (and needs no actor).
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  v_actor_id := public.audit_actor_id();
  -- Once per statement: the whole statement's change is one moment of the trail.
  v_at := clock_timestamp();
  -- MATERIALIZED: each row is turned into jsonb once (see 0003).
  WITH r AS MATERIALIZED (SELECT to_jsonb(x) AS j FROM new_rows x)
  INSERT INTO public.audit_log (at, actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                                field, old_value, new_value, reason)
  SELECT v_at, v_actor_id, current_setting('app.actor_label', true), 'insert', TG_TABLE_NAME, r.j->>'id',
         public.audit_row_patient(TG_TABLE_NAME, r.j), coalesce(p.centre_id, (r.j->>'centre_id')::integer),
         n.key, NULL, n.value #>> '{}', nullif(current_setting('app.reason', true), '')
  FROM r
  -- A form row's centre is its patient's, looked up by primary key per row (see 0003).
  LEFT JOIN LATERAL (SELECT pt.centre_id FROM public.patients pt
                     WHERE TG_TABLE_NAME <> 'patients' AND pt.id = (r.j->>'patient_id')::integer) p ON true
  CROSS JOIN LATERAL jsonb_each(r.j) AS n(key, value)
  WHERE jsonb_typeof(n.value) <> 'null'
    AND CASE n.key
          WHEN 'id' THEN false
          WHEN 'created_at' THEN (n.value #>> '{}')::timestamptz IS DISTINCT FROM now()
          WHEN 'updated_at' THEN (n.value #>> '{}')::timestamptz IS DISTINCT FROM now()
          WHEN 'version' THEN n.value IS DISTINCT FROM '1'::jsonb
          WHEN 'created_by' THEN n.value IS DISTINCT FROM to_jsonb(v_actor_id)
          WHEN 'updated_by' THEN n.value IS DISTINCT FROM to_jsonb(v_actor_id)
          ELSE true
        END;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.audit_patient_update() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_actor_id integer;
  v_at timestamptz;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  v_actor_id := public.audit_actor_id();
  v_at := clock_timestamp();
  WITH r AS MATERIALIZED (SELECT to_jsonb(x) AS j, to_jsonb(y) AS o FROM new_rows x JOIN old_rows y ON y.id = x.id)
  INSERT INTO public.audit_log (at, actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                                field, old_value, new_value, reason)
  SELECT v_at, v_actor_id, current_setting('app.actor_label', true), 'update', TG_TABLE_NAME, r.j->>'id',
         public.audit_row_patient(TG_TABLE_NAME, r.j), coalesce(p.centre_id, (r.j->>'centre_id')::integer),
         n.key, r.o->>n.key, n.value #>> '{}', nullif(current_setting('app.reason', true), '')
  FROM r
  LEFT JOIN LATERAL (SELECT pt.centre_id FROM public.patients pt
                     WHERE TG_TABLE_NAME <> 'patients' AND pt.id = (r.j->>'patient_id')::integer) p ON true
  CROSS JOIN LATERAL jsonb_each(r.j) AS n(key, value)
  -- Every column that changed, bookkeeping included (id, created_at, created_by cannot change).
  WHERE (r.o->n.key) IS DISTINCT FROM n.value;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.refuse_bookkeeping_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_changed text;
BEGIN
  SELECT string_agg(o.key, ', ' ORDER BY o.key) INTO v_changed
  FROM jsonb_each(to_jsonb(OLD)) AS o(key, value)
  WHERE o.key IN ('id', 'created_at', 'created_by') AND o.value IS DISTINCT FROM to_jsonb(NEW)->o.key;
  RAISE EXCEPTION '% of % row % cannot be changed (it records how the row began)', v_changed, TG_TABLE_NAME, OLD.id
    USING ERRCODE = 'P0001';
END
$$;
--> statement-breakpoint
-- BEFORE UPDATE OF …: fires only when a statement names one of these columns (normal saves do not), and
-- its WHEN clause lets a write-back of the unchanged value through, so it costs nothing on the
-- import and save paths.
DO $$
DECLARE
  t text;
  cols text[];
  cond text;
BEGIN
  FOREACH t IN ARRAY ARRAY['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms',
                           'therapy_forms', 'subsequent_therapies', 'follow_up_forms', 'data_queries'] LOOP
    SELECT array_agg(a.attname::text ORDER BY a.attnum) INTO cols
    FROM pg_attribute a
    WHERE a.attrelid = format('public.%I', t)::regclass AND a.attnum > 0 AND NOT a.attisdropped
      AND a.attname IN ('id', 'created_at', 'created_by');
    SELECT string_agg(format('OLD.%1$I IS DISTINCT FROM NEW.%1$I', c), ' OR ') INTO cond FROM unnest(cols) AS c;
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF %s ON public.%I FOR EACH ROW WHEN (%s) '
                   'EXECUTE FUNCTION public.refuse_bookkeeping_change()',
                   t || '_bookkeeping_fixed', (SELECT string_agg(format('%I', c), ', ') FROM unnest(cols) AS c), t, cond);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE FUNCTION public.audit_event(p_actor_id integer, p_actor_label text, p_action text, p_table_name text,
                                   p_record_id text, p_patient_id integer, p_centre_id integer, p_field text,
                                   p_old_value text, p_new_value text, p_reason text, p_details jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF coalesce(p_actor_label, '') = '' THEN
    RAISE EXCEPTION 'audit_event: an event needs an actor' USING ERRCODE = '22023';
  END IF;
  IF lower(p_action) IN ('insert', 'update', 'delete', 'truncate') THEN
    RAISE EXCEPTION 'audit_event: "%" rows are written by the data triggers only', p_action USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.audit_log (at, actor_id, actor_label, action, table_name, record_id, patient_id, centre_id,
                                field, old_value, new_value, reason, details)
  VALUES (clock_timestamp(), p_actor_id, p_actor_label, p_action, p_table_name, p_record_id, p_patient_id,
          p_centre_id, p_field, p_old_value, p_new_value, p_reason, p_details);
END
$$;
--> statement-breakpoint
-- Functions are executable by PUBLIC by default; only the app role (scripts/db-roles.ts) gets this one.
REVOKE ALL ON FUNCTION public.audit_event(integer, text, text, text, text, integer, integer, text, text, text, text, jsonb) FROM PUBLIC;
--> statement-breakpoint
-- Roles that could INSERT into audit_log until now (an app role set up by an earlier db:roles) lose it
-- here, at once, and may call audit_event() instead, so the app keeps working before db:roles is re-run.
DO $$
DECLARE
  r record;
BEGIN
  REVOKE INSERT ON public.audit_log FROM PUBLIC;
  FOR r IN SELECT DISTINCT a.grantee::regrole::text AS role
           FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
           WHERE c.oid = 'public.audit_log'::regclass AND a.privilege_type = 'INSERT'
             AND a.grantee <> c.relowner AND a.grantee <> 0 LOOP
    EXECUTE format('REVOKE INSERT ON public.audit_log FROM %s', r.role);
    EXECUTE format('REVOKE ALL ON SEQUENCE public.audit_log_id_seq FROM %s', r.role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION public.audit_event(integer, text, text, text, text, integer, integer, '
                   'text, text, text, text, jsonb) TO %s', r.role);
  END LOOP;
END
$$;
