CREATE TYPE "public"."binet_stage" AS ENUM('A', 'B', 'C');--> statement-breakpoint
CREATE TYPE "public"."death_cause" AS ENUM('progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'gastrointestinal bleeding', 'cerebellar ischemic stroke', 'exacerbation of COPD', 'suicide', 'bladder cancer', 'unknown', 'other');--> statement-breakpoint
CREATE TYPE "public"."del17p" AS ENUM('present', 'absent', 'not_tested');--> statement-breakpoint
CREATE TYPE "public"."discontinuation_reason" AS ENUM('adverse_event', 'progression', 'patient_decision', 'lost_to_follow_up', 'other');--> statement-breakpoint
CREATE TYPE "public"."form_status" AS ENUM('draft', 'complete', 'verified', 'locked');--> statement-breakpoint
CREATE TYPE "public"."ighv" AS ENUM('mutated', 'unmutated', 'not_tested');--> statement-breakpoint
CREATE TYPE "public"."patient_status" AS ENUM('active', 'withdrawn', 'entered_in_error');--> statement-breakpoint
CREATE TYPE "public"."progression_type" AS ENUM('CLL', 'RT');--> statement-breakpoint
CREATE TYPE "public"."query_status" AS ENUM('open', 'answered', 'closed');--> statement-breakpoint
CREATE TYPE "public"."rai_stage" AS ENUM('0', 'I', 'II', 'III', 'IV');--> statement-breakpoint
CREATE TYPE "public"."response" AS ENUM('CR', 'PR', 'PR-L', 'SD', 'PD', 'NE');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'coordinator', 'investigator');--> statement-breakpoint
CREATE TYPE "public"."rt_histology" AS ENUM('DLBCL', 'Hodgkin');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('male', 'female');--> statement-breakpoint
CREATE TYPE "public"."vital_status" AS ENUM('alive', 'dead', 'unknown');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"table_name" text NOT NULL,
	"record_id" text,
	"patient_id" integer,
	"centre_id" integer,
	"field" text,
	"old_value" text,
	"new_value" text,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "baseline_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"ibrutinib_start" date,
	"age_at_start" smallint,
	"ecog" smallint,
	"rai_stage" "rai_stage",
	"binet_stage" "binet_stage",
	"del17p" "del17p",
	"ighv" "ighv",
	"prior_lines" smallint,
	"prior_purine_analogue" boolean,
	"prior_anti_cd20" boolean,
	"inclusion_criteria" text[],
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "baseline_forms_patient_id_unique" UNIQUE("patient_id"),
	CONSTRAINT "baseline_ecog" CHECK ("baseline_forms"."ecog" IS NULL OR "baseline_forms"."ecog" BETWEEN 0 AND 4),
	CONSTRAINT "baseline_age" CHECK ("baseline_forms"."age_at_start" IS NULL OR "baseline_forms"."age_at_start" BETWEEN 18 AND 110),
	CONSTRAINT "baseline_prior_lines" CHECK ("baseline_forms"."prior_lines" IS NULL OR "baseline_forms"."prior_lines" >= 1)
);
--> statement-breakpoint
CREATE TABLE "centres" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "centres_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "data_queries" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"form" text NOT NULL,
	"field" text NOT NULL,
	"question" text NOT NULL,
	"answer" text,
	"status" "query_status" DEFAULT 'open' NOT NULL,
	"raised_by" integer NOT NULL,
	"answered_by" integer,
	"closed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discontinuation_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"last_dose_date" date,
	"reason" "discontinuation_reason",
	"reason_other" text,
	"ae_term" text,
	"ae_soc" text,
	"ae_verbatim" text,
	"ae_grade" smallint,
	"ae_onset_date" date,
	"ae_etiology" text,
	"progression_type" "progression_type",
	"rt_histology" "rt_histology",
	"cns_involvement" boolean,
	"resistance_mutations" text,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discontinuation_forms_patient_id_unique" UNIQUE("patient_id"),
	CONSTRAINT "disc_ae_grade" CHECK ("discontinuation_forms"."ae_grade" IS NULL OR "discontinuation_forms"."ae_grade" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "follow_up_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"vital_status" "vital_status",
	"last_contact_date" date,
	"death_date" date,
	"death_cause" "death_cause",
	"death_cause_other" text,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_forms_patient_id_unique" UNIQUE("patient_id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"ip" text,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"centre_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"sex" "sex" NOT NULL,
	"birth_year" smallint NOT NULL,
	"status" "patient_status" DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patients_code_unique" UNIQUE("code"),
	CONSTRAINT "patients_birth_year" CHECK ("patients"."birth_year" BETWEEN 1900 AND 2100)
);
--> statement-breakpoint
CREATE TABLE "response_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"best_response" "response",
	"assessed_date" date,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_forms_patient_id_unique" UNIQUE("patient_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subsequent_therapies" (
	"id" serial PRIMARY KEY NOT NULL,
	"form_id" integer NOT NULL,
	"patient_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"regimen" text NOT NULL,
	"start_date" date,
	"best_response" "response",
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "therapy_forms" (
	"id" serial PRIMARY KEY NOT NULL,
	"patient_id" integer NOT NULL,
	"status" "form_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"signed_by_name" text,
	"signed_by_user_id" integer,
	"signed_at" timestamp with time zone,
	"signature_meaning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "therapy_forms_patient_id_unique" UNIQUE("patient_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "user_role" NOT NULL,
	"centre_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_investigator_centre" CHECK ("users"."role" <> 'investigator' OR "users"."centre_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD CONSTRAINT "baseline_forms_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD CONSTRAINT "baseline_forms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD CONSTRAINT "baseline_forms_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_queries" ADD CONSTRAINT "data_queries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_queries" ADD CONSTRAINT "data_queries_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_queries" ADD CONSTRAINT "data_queries_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_queries" ADD CONSTRAINT "data_queries_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discontinuation_forms" ADD CONSTRAINT "discontinuation_forms_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discontinuation_forms" ADD CONSTRAINT "discontinuation_forms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discontinuation_forms" ADD CONSTRAINT "discontinuation_forms_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_forms" ADD CONSTRAINT "follow_up_forms_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_forms" ADD CONSTRAINT "follow_up_forms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_forms" ADD CONSTRAINT "follow_up_forms_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_forms" ADD CONSTRAINT "response_forms_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_forms" ADD CONSTRAINT "response_forms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_forms" ADD CONSTRAINT "response_forms_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsequent_therapies" ADD CONSTRAINT "subsequent_therapies_form_id_therapy_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."therapy_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsequent_therapies" ADD CONSTRAINT "subsequent_therapies_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapy_forms" ADD CONSTRAINT "therapy_forms_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapy_forms" ADD CONSTRAINT "therapy_forms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapy_forms" ADD CONSTRAINT "therapy_forms_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "audit_log_patient_idx" ON "audit_log" USING btree ("patient_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_centre_idx" ON "audit_log" USING btree ("centre_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_table_idx" ON "audit_log" USING btree ("table_name","at");--> statement-breakpoint
CREATE INDEX "data_queries_patient_idx" ON "data_queries" USING btree ("patient_id","status");--> statement-breakpoint
CREATE INDEX "login_attempts_email_at_idx" ON "login_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_centre_seq_uq" ON "patients" USING btree ("centre_id","seq");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "subsequent_therapies_patient_idx" ON "subsequent_therapies" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));