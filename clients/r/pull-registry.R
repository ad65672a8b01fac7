#!/usr/bin/env Rscript
# Pulls the whole CLL Registry through its data API (/api/v1) into R data frames, code columns as
# factors labelled from the API's data dictionary, then computes patients per centre and the median
# overall survival after discontinuation with the survival package. The patients' course comes as
# long tables (one row per visit, adverse event, dose period, interruption, test; keyed by patient
# and seq) in the list `course`. Base R + survival only (Debian: r-base-core r-cran-survival); the
# API's CSV streams need no JSON parser.
#
#   CLL_API_URL=https://registry.example.org CLL_TOKEN=cllr_... Rscript clients/r/pull-registry.R [cutoff]
#
# The last line printed is a JSON summary (the CI test compares it with the dashboards' numbers).
suppressPackageStartupMessages(library(survival))

base <- sub("/+$", "", Sys.getenv("CLL_API_URL"))
token <- Sys.getenv("CLL_TOKEN")
if (base == "" || token == "") stop("Set CLL_API_URL (the registry's address) and CLL_TOKEN (a token from your account page).")
args <- commandArgs(trailingOnly = TRUE)
cutoff <- if (length(args) >= 1) args[[1]] else format(Sys.Date())

# GET a CSV endpoint (whole table in one streamed response) into a data frame; character columns stay text.
pull <- function(path) {
  file <- tempfile(fileext = ".csv")
  on.exit(unlink(file))
  status <- download.file(paste0(base, "/api/v1/", path), file, method = "libcurl", quiet = TRUE,
                          headers = c(Authorization = paste("Bearer", token)))
  if (status != 0) stop("GET ", path, " failed")
  read.csv(file, stringsAsFactors = FALSE, na.strings = "", check.names = FALSE)
}

dictionary <- pull("dictionary?format=csv")
# Code columns become factors with the dictionary's codes as levels and its labels as labels. Keys are
# unique within a form only (a visit's "response" is not the response form's), so the form is given.
label_codes <- function(df, form) {
  coded <- dictionary[!is.na(dictionary$code) & dictionary$form == form, ]
  for (key in intersect(unique(coded$key), names(df))) {
    if (!is.character(df[[key]]) && !is.numeric(df[[key]])) next
    codes <- coded[coded$key == key, ]
    df[[key]] <- factor(as.character(df[[key]]), levels = codes$code, labels = codes$codeLabel)
  }
  df
}

patients <- label_codes(pull("patients?format=csv"), "patient")
forms <- list()
for (form in c("baseline", "response", "discontinuation", "therapies", "follow-up")) {
  forms[[form]] <- label_codes(pull(paste0("forms/", form, "?format=csv")), form)
}
# The course: endpoint slug -> dictionary form (the record kind). Dates as Date, flags as logical.
course <- list()
kinds <- c(visits = "visit", "adverse-events" = "adverse-event", "dose-periods" = "dose-period", interruptions = "interruption", tests = "molecular-test")
for (slug in names(kinds)) {
  d <- label_codes(pull(paste0("forms/", slug, "?format=csv")), kinds[[slug]])
  dates <- dictionary$key[dictionary$form == kinds[[slug]] & dictionary$type == "date"]
  for (key in intersect(dates, names(d))) d[[key]] <- as.Date(d[[key]])
  for (key in intersect(c("enteredInError", "progression", "ongoing", "serious"), names(d))) d[[key]] <- as.logical(d[[key]])
  course[[gsub("-", "_", slug)]] <- d
}
# Instances entered in error are kept in the registry but count for nothing.
live <- lapply(course, function(d) d[!d$enteredInError, ])
analysis <- pull(paste0("analysis?format=csv&cutoff=", cutoff))

# Patients per centre: those analysed at the cut-off (ibrutinib start on or before it), as the dashboard counts.
analysed <- analysis[analysis$analysed, ]
per_centre <- table(analysed$centre)

# Overall survival after discontinuation, in months (days / 30.4375), with the survival package.
os <- analysis[!is.na(analysis$os_disc_days), ]
fit <- survfit(Surv(os_disc_days / 30.4375, os_disc_event) ~ 1, data = os)
median_os <- unname(summary(fit)$table["median"])

cat(sprintf("Pulled %d patients, %s form rows, %s course rows; %d analysed at %s\n", nrow(patients),
            paste(sapply(names(forms), function(f) paste0(f, "=", nrow(forms[[f]]))), collapse = " "),
            paste(sapply(names(course), function(k) paste0(k, "=", nrow(course[[k]]))), collapse = " "), nrow(analysed), cutoff))
print(per_centre)
print(fit)
json_number <- function(x) if (is.na(x)) "null" else format(x, digits = 15)
# The course in figures: live instances per record, and patients with a logged grade >= 3 adverse event.
grade_codes <- dictionary$code[dictionary$form == "adverse-event" & dictionary$key == "grade" & !is.na(dictionary$code)]
grade <- as.integer(grade_codes[as.integer(live$adverse_events$grade)])  # the factor's level back to its code
grade3 <- live$adverse_events[!is.na(grade) & grade >= 3, ]
cat(sprintf('{"patients":%d,"patientsPerCentre":{%s},"osDisc":{"n":%d,"events":%d,"medianMonths":%s},"course":{%s,"patientsWithGrade3Ae":%d}}\n',
            nrow(patients), paste(sprintf('"%s":%d', names(per_centre), as.integer(per_centre)), collapse = ","),
            nrow(os), sum(os$os_disc_event), json_number(median_os),
            paste(sprintf('"%s":%d', names(live), sapply(live, nrow)), collapse = ","), length(unique(grade3$patient))))
