#!/usr/bin/env Rscript
# Pulls the whole CLL Registry through its data API (/api/v1) into R data frames, code columns as
# factors labelled from the API's data dictionary, then computes patients per centre and the median
# overall survival after discontinuation with the survival package. Base R + survival only
# (Debian: r-base-core r-cran-survival); the API's CSV streams need no JSON parser.
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
# Code columns become factors with the dictionary's codes as levels and its labels as labels.
label_codes <- function(df) {
  coded <- dictionary[!is.na(dictionary$code), ]
  for (key in intersect(unique(coded$key), names(df))) {
    if (!is.character(df[[key]]) && !is.numeric(df[[key]])) next
    codes <- coded[coded$key == key, ]
    df[[key]] <- factor(as.character(df[[key]]), levels = codes$code, labels = codes$codeLabel)
  }
  df
}

patients <- label_codes(pull("patients?format=csv"))
forms <- list()
for (form in c("baseline", "response", "discontinuation", "therapies", "follow-up")) {
  forms[[form]] <- label_codes(pull(paste0("forms/", form, "?format=csv")))
}
analysis <- pull(paste0("analysis?format=csv&cutoff=", cutoff))

# Patients per centre: those analysed at the cut-off (ibrutinib start on or before it), as the dashboard counts.
analysed <- analysis[analysis$analysed, ]
per_centre <- table(analysed$centre)

# Overall survival after discontinuation, in months (days / 30.4375), with the survival package.
os <- analysis[!is.na(analysis$os_disc_days), ]
fit <- survfit(Surv(os_disc_days / 30.4375, os_disc_event) ~ 1, data = os)
median_os <- unname(summary(fit)$table["median"])

cat(sprintf("Pulled %d patients, %s form rows; %d analysed at %s\n", nrow(patients),
            paste(sapply(names(forms), function(f) paste0(f, "=", nrow(forms[[f]]))), collapse = " "), nrow(analysed), cutoff))
print(per_centre)
print(fit)
json_number <- function(x) if (is.na(x)) "null" else format(x, digits = 15)
cat(sprintf('{"patients":%d,"patientsPerCentre":{%s},"osDisc":{"n":%d,"events":%d,"medianMonths":%s}}\n',
            nrow(patients), paste(sprintf('"%s":%d', names(per_centre), as.integer(per_centre)), collapse = ","),
            nrow(os), sum(os$os_disc_event), json_number(median_os)))
