CREATE TYPE "public"."missing_reason" AS ENUM('not_done', 'unknown', 'not_applicable');--> statement-breakpoint
CREATE TYPE "public"."tp53" AS ENUM('mutated', 'unmutated', 'not_tested');--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD COLUMN "ighv_missing" "missing_reason";--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD COLUMN "tp53" "tp53";--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD COLUMN "b2m" numeric(6, 2);--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD COLUMN "b2m_missing" "missing_reason";--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD COLUMN "prior_purine_analogue_missing" "missing_reason";--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD COLUMN "prior_anti_cd20_missing" "missing_reason";--> statement-breakpoint
ALTER TABLE "discontinuation_forms" ADD COLUMN "ae_onset_date_missing" "missing_reason";--> statement-breakpoint
ALTER TABLE "response_forms" ADD COLUMN "assessed_date_missing" "missing_reason";--> statement-breakpoint
ALTER TABLE "baseline_forms" ADD CONSTRAINT "baseline_b2m" CHECK ("baseline_forms"."b2m" IS NULL OR "baseline_forms"."b2m" > 0);