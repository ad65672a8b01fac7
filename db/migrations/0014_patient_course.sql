CREATE TYPE "public"."aberration" AS ENUM('present', 'absent', 'not_tested');--> statement-breakpoint
CREATE TYPE "public"."ae_action" AS ENUM('none', 'interrupted', 'dose_reduced', 'discontinued');--> statement-breakpoint
CREATE TYPE "public"."ae_outcome" AS ENUM('recovered', 'recovering', 'not_recovered', 'recovered_with_sequelae', 'fatal', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."ae_relation" AS ENUM('not_related', 'unlikely', 'possible', 'probable', 'definite');--> statement-breakpoint
CREATE TYPE "public"."course_reason" AS ENUM('adverse_event', 'procedure', 'drug_interaction', 'patient_decision', 'other');--> statement-breakpoint
CREATE TYPE "public"."ibrutinib_dose" AS ENUM('420', '280', '140', 'other');--> statement-breakpoint
CREATE TYPE "public"."ibrutinib_status" AS ENUM('full_dose', 'reduced_dose', 'interrupted', 'discontinued');--> statement-breakpoint
CREATE TYPE "public"."karyotype" AS ENUM('complex', 'not_complex', 'not_tested');--> statement-breakpoint
CREATE TYPE "public"."iwcll_response" AS ENUM('CR', 'CRi', 'nPR', 'PR', 'PR-L', 'SD', 'PD', 'NE');--> statement-breakpoint
CREATE TABLE "adverse_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"entered_in_error" boolean DEFAULT false NOT NULL,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"term" text,
	"soc" text,
	"verbatim" text,
	"grade" smallint,
	"etiology" text,
	"onset_date" date,
	"onset_date_missing" "missing_reason",
	"resolution_date" date,
	"ongoing" boolean,
	"serious" boolean,
	"relation" "ae_relation",
	"action" "ae_action",
	"outcome" "ae_outcome",
	CONSTRAINT "adverse_events_grade" CHECK ("adverse_events"."grade" IS NULL OR "adverse_events"."grade" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "dose_interruptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"entered_in_error" boolean DEFAULT false NOT NULL,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"start_date" date,
	"end_date" date,
	"reason" "course_reason",
	"reason_other" text,
	"adverse_event_seq" smallint
);
--> statement-breakpoint
CREATE TABLE "dose_periods" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"entered_in_error" boolean DEFAULT false NOT NULL,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"start_date" date,
	"dose" "ibrutinib_dose",
	"dose_other_mg" smallint,
	"reason" "course_reason",
	"reason_other" text,
	"adverse_event_seq" smallint,
	CONSTRAINT "dose_periods_other_mg" CHECK ("dose_periods"."dose_other_mg" IS NULL OR "dose_periods"."dose_other_mg" BETWEEN 1 AND 840)
);
--> statement-breakpoint
CREATE TABLE "molecular_tests" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"entered_in_error" boolean DEFAULT false NOT NULL,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sample_date" date,
	"del17p" "aberration",
	"tp53" "tp53",
	"ighv" "ighv",
	"del11q" "aberration",
	"complex_karyotype" "karyotype"
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"entered_in_error" boolean DEFAULT false NOT NULL,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"visit_date" date,
	"ecog" smallint,
	"response" "iwcll_response",
	"progression" boolean,
	"progression_type" "progression_type",
	"ibrutinib_status" "ibrutinib_status",
	"vital_status" "vital_status",
	CONSTRAINT "visits_ecog" CHECK ("visits"."ecog" IS NULL OR "visits"."ecog" BETWEEN 0 AND 4)
);
--> statement-breakpoint
-- Before the foreign keys that reference it (dose periods and interruptions name an adverse event by patient and seq).
CREATE UNIQUE INDEX "adverse_events_patient_seq_uq" ON "adverse_events" USING btree ("patient_id","seq");--> statement-breakpoint
ALTER TABLE "data_queries" ADD COLUMN "record_seq" smallint;--> statement-breakpoint
ALTER TABLE "follow_up_forms" ADD COLUMN "death_contributing_causes" text[];--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_events" ADD CONSTRAINT "adverse_events_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_interruptions" ADD CONSTRAINT "dose_interruptions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_interruptions" ADD CONSTRAINT "dose_interruptions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_interruptions" ADD CONSTRAINT "dose_interruptions_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_interruptions" ADD CONSTRAINT "dose_interruptions_ae_fk" FOREIGN KEY ("patient_id","adverse_event_seq") REFERENCES "public"."adverse_events"("patient_id","seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_periods" ADD CONSTRAINT "dose_periods_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_periods" ADD CONSTRAINT "dose_periods_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_periods" ADD CONSTRAINT "dose_periods_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_periods" ADD CONSTRAINT "dose_periods_ae_fk" FOREIGN KEY ("patient_id","adverse_event_seq") REFERENCES "public"."adverse_events"("patient_id","seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "molecular_tests" ADD CONSTRAINT "molecular_tests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "molecular_tests" ADD CONSTRAINT "molecular_tests_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "molecular_tests" ADD CONSTRAINT "molecular_tests_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dose_interruptions_patient_seq_uq" ON "dose_interruptions" USING btree ("patient_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "dose_periods_patient_seq_uq" ON "dose_periods" USING btree ("patient_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "molecular_tests_patient_seq_uq" ON "molecular_tests" USING btree ("patient_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_patient_seq_uq" ON "visits" USING btree ("patient_id","seq");--> statement-breakpoint
CREATE INDEX "visits_patient_date_idx" ON "visits" USING btree ("patient_id","visit_date");
-- ---- Hand-written from here: the repeating records get the same guards as the CRF tables. ----
-- Audit rows per statement (0003), no DELETE or TRUNCATE, fixed bookkeeping columns (0006), and the
-- change notes the kept edit-check pass reads (0012).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['visits', 'adverse_events', 'dose_periods', 'dose_interruptions', 'molecular_tests'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.audit_patient_insert()', t || '_audit_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.audit_patient_update()', t || '_audit_update', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON public.%I '
                   'FOR EACH ROW EXECUTE FUNCTION public.refuse_patient_data_delete()', t || '_no_delete', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON public.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_patient_data_delete()', t || '_no_truncate', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF id, created_at ON public.%I FOR EACH ROW '
                   'WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.created_at IS DISTINCT FROM NEW.created_at) '
                   'EXECUTE FUNCTION public.refuse_bookkeeping_change()', t || '_bookkeeping_fixed', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.note_patient_data_change()', t || '_changes_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON public.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.note_patient_data_change()', t || '_changes_update', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The course a snapshot record implies, for patients that have none yet: the follow-up becomes the
-- last visit, and the discontinuation's adverse event becomes logged event 1 with the action
-- "discontinued" (the link that names it as the cause). Nothing is invented: fields the snapshot
-- never had stay empty (they are required on entry only, so migrated records stay complete), and
-- the status is complete where the source form was past draft. Used once below for the existing
-- data, and by the seed and the cohort import for records they create (lib/course/from-snapshot.ts).
CREATE FUNCTION public.course_from_snapshot(p_patient_ids integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO public.visits (patient_id, seq, visit_date, progression, progression_type, ibrutinib_status, vital_status,
                             status, updated_by)
  SELECT f.patient_id, 1, f.last_contact_date, d.reason IS NOT DISTINCT FROM 'progression',
         CASE WHEN d.reason = 'progression' THEN d.progression_type END,
         CASE WHEN d.patient_id IS NULL THEN 'full_dose' ELSE 'discontinued' END::public.ibrutinib_status,
         f.vital_status, CASE WHEN f.status = 'draft' THEN 'draft' ELSE 'complete' END::public.form_status, f.updated_by
  FROM public.follow_up_forms f
  LEFT JOIN public.discontinuation_forms d ON d.patient_id = f.patient_id
  WHERE f.patient_id = ANY (p_patient_ids) AND f.last_contact_date IS NOT NULL AND f.vital_status IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM public.visits v WHERE v.patient_id = f.patient_id);
  INSERT INTO public.adverse_events (patient_id, seq, term, soc, verbatim, grade, etiology, onset_date, onset_date_missing,
                                     action, outcome, status, updated_by)
  SELECT d.patient_id, 1, d.ae_term, d.ae_soc, d.ae_verbatim, d.ae_grade, d.ae_etiology, d.ae_onset_date,
         d.ae_onset_date_missing, 'discontinued', CASE WHEN d.ae_grade = 5 THEN 'fatal' END::public.ae_outcome,
         CASE WHEN d.status = 'draft' OR d.ae_grade IS NULL OR (d.ae_onset_date IS NULL AND d.ae_onset_date_missing IS NULL)
              THEN 'draft' ELSE 'complete' END::public.form_status, d.updated_by
  FROM public.discontinuation_forms d
  WHERE d.patient_id = ANY (p_patient_ids) AND d.reason = 'adverse_event' AND d.ae_term IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM public.adverse_events a WHERE a.patient_id = d.patient_id);
$$;
--> statement-breakpoint
-- Existing records, audited as the migration's own change.
SELECT set_config('app.actor_id', 'system', true), set_config('app.actor_label', 'migration 0014 (patient course)', true),
       set_config('app.reason', 'Course derived from the snapshot forms (follow-up → last visit; discontinuation AE → logged AE)', true);
--> statement-breakpoint
SELECT public.course_from_snapshot(coalesce((SELECT array_agg(id) FROM public.patients), '{}'));
