# Reference data and R's numbers for the course endpoints (lib/analysis/course-*.ts).
# Run from the repository root:  Rscript test/reference/course/make-expected.R
# It generates a synthetic course for 150 patients (fixed seed), derives every endpoint in R from the
# raw records (its own implementation of the rules in docs/dashboards.md, "The course analyses"), and
# computes the statistics with survival, cmprsk and stats::poisson.test. It writes, in this folder:
#   input:    patients.csv, visits.csv, therapies.csv, aes.csv, doses.csv
#   expected: observations.csv (per patient and endpoint), km.csv (per endpoint and group: n, events,
#             median with log CI, log-rank p), km-curves.csv (event times, survival), cif.csv (cuminc
#             curves), gray.csv, rates.csv (events, patient-years, exact CI per 100 patient-years).
# Commit the script with what it writes. R 4.2, survival 3.5, cmprsk 2.2.
suppressMessages({ library(survival); library(cmprsk) })
set.seed(20261206)
out <- function(df, name) write.csv(df, file.path('test/reference/course', name), row.names = FALSE, na = '')
d <- function(x) as.Date(x, origin = '1970-01-01')
CUTOFF <- as.Date('2016-12-31')
N <- 150

# ---- Synthetic raw course ----------------------------------------------------------------------
pts <- data.frame(id = sprintf('P%03d', 1:N), sex = sample(c('male', 'female'), N, TRUE),
                  start = as.Date('2014-01-01') + sample(0:900, N, TRUE), stringsAsFactors = FALSE)
pts$fu <- sample(60:1500, N, TRUE)
pts$last_contact <- pts$start + pts$fu
disc <- runif(N) < 0.45
pts$disc_date <- d(ifelse(disc, pts$start + round(runif(N, 5, pts$fu - 1)), NA))
pts$disc_reason <- ifelse(disc, sample(c('adverse_event', 'progression', 'other'), N, TRUE), NA)
dead <- runif(N) < 0.3
pts$death_date <- d(ifelse(dead, pts$last_contact, NA))
visits <- do.call(rbind, lapply(1:N, function(i) {
  p <- pts[i, ]
  dates <- if (p$start + 90 <= p$last_contact) seq(p$start + 90, p$last_contact, by = 90) else as.Date(character(0))
  # Some living patients were seen after the follow-up's last contact: the last contact is the visit.
  if (is.na(p$death_date) && runif(1) < 0.15) dates <- c(dates, p$last_contact + sample(1:60, 1))
  if (length(dates) == 0) return(NULL)
  prog <- rep(0L, length(dates))
  if (runif(1) < 0.3) prog[sample(seq_along(dates), 1)] <- 1L
  data.frame(id = p$id, seq = seq_along(dates), visit_date = dates, progression = prog,
             in_error = as.integer(runif(length(dates)) < 0.04), stringsAsFactors = FALSE)
}))
therapies <- do.call(rbind, lapply(which(disc), function(i) {
  p <- pts[i, ]
  if (runif(1) > 0.6) return(NULL)
  s <- if (runif(1) < 0.06) NA else p$disc_date + sample(5:250, 1)
  data.frame(id = p$id, start_date = d(s), stringsAsFactors = FALSE)
}))
TERMS <- data.frame(term = c('Lung infection', 'Atrial fibrillation', 'Hematoma', 'Diarrhea', 'Neutrophil count decreased'),
                    soc = c('Infections and infestations', 'Cardiac disorders', 'Vascular disorders', 'Gastrointestinal disorders', 'Investigations'),
                    category = c('infection', 'arrhythmia', 'bleeding', 'other', 'cytopenia'), stringsAsFactors = FALSE)
aes <- do.call(rbind, lapply(1:N, function(i) {
  p <- pts[i, ]
  k <- rpois(1, 1.6)
  if (k == 0) return(NULL)
  t <- TERMS[sample(nrow(TERMS), k, TRUE, prob = c(.35, .2, .15, .2, .1)), ]
  onset <- p$start + round(runif(k, -40, p$fu + 40))
  onset[runif(k) < 0.04] <- NA
  data.frame(id = p$id, seq = 1:k, term = t$term, soc = t$soc, grade = sample(1:5, k, TRUE, prob = c(.15, .25, .35, .2, .05)),
             onset_date = d(onset), in_error = as.integer(runif(k) < 0.05), stringsAsFactors = FALSE)
}))
doses <- do.call(rbind, lapply(1:N, function(i) {
  p <- pts[i, ]
  if (runif(1) < 0.25) return(NULL)
  starts <- p$start
  mg <- 420
  if (runif(1) < 0.45) { starts <- c(starts, p$start + sample(10:max(11, p$fu), 1)); mg <- c(mg, sample(c(280, 140, 420), 1, prob = c(.6, .2, .2))) }
  if (length(mg) == 2 && runif(1) < 0.4) { starts <- c(starts, starts[2] + sample(10:200, 1)); mg <- c(mg, sample(c(140, 280, 420), 1)) }
  data.frame(id = p$id, seq = seq_along(mg), start_date = starts, dose = mg, stringsAsFactors = FALSE)
}))
out(pts[, c('id', 'sex', 'start', 'last_contact', 'disc_date', 'disc_reason', 'death_date')], 'patients.csv')
out(visits, 'visits.csv'); out(therapies, 'therapies.csv'); out(aes, 'aes.csv'); out(doses, 'doses.csv')

# ---- The endpoints, derived in R from the raw records at the cut-off ----------------------------
# Dates as days since 1970-01-01 from here on (plain numbers compare and subtract without surprises).
for (col in c('start', 'last_contact', 'disc_date', 'death_date')) pts[[col]] <- as.numeric(pts[[col]])
visits$visit_date <- as.numeric(visits$visit_date); therapies$start_date <- as.numeric(therapies$start_date)
aes$onset_date <- as.numeric(aes$onset_date); doses$start_date <- as.numeric(doses$start_date)
CUTOFF <- as.numeric(CUTOFF)
visits <- visits[visits$in_error == 0, ]
aes <- aes[aes$in_error == 0, ]
obs <- do.call(rbind, lapply(1:N, function(i) {
  p <- pts[i, ]
  v <- visits[visits$id == p$id, ]
  lc <- max(c(p$last_contact, v$visit_date))
  discAt <- if (!is.na(p$disc_date) && p$disc_date <= CUTOFF) p$disc_date else NA
  deathAt <- if (!is.na(p$death_date) && p$death_date <= CUTOFF) p$death_date else NA
  if (!is.na(deathAt)) endAt <- deathAt else {
    last <- max(c(p$start, lc, discAt), na.rm = TRUE)
    if (!is.na(p$death_date) && p$death_date > CUTOFF) last <- CUTOFF
    endAt <- min(last, CUTOFF)
  }
  num <- function(x) as.numeric(x)
  ev <- function(event, censor) if (!is.na(event)) c(max(0, num(event - p$start)), 1) else c(num(censor - p$start), 0)
  first <- function(x) if (length(x) == 0 || all(is.na(x))) NA else min(x, na.rm = TRUE)
  # PFS: first progression visit by the cut-off, or the discontinuation for progression; or death.
  prog <- first(c(v$visit_date[v$progression == 1 & v$visit_date <= CUTOFF],
                  if (!is.na(discAt) && p$disc_reason == 'progression') discAt else NA))
  pfs <- ev(first(c(prog, deathAt)), endAt)
  # TTNT: first subsequent therapy by the cut-off, or death; a therapy without a date: left out.
  th <- therapies[!is.null(therapies) & therapies$id == p$id, ]
  th <- th[is.na(th$start_date) | th$start_date <= CUTOFF, ]
  ttnt <- if (any(is.na(th$start_date))) c(NA, NA) else ev(first(c(th$start_date, deathAt)), endAt)
  # First dose reduction: a period with a lower dose than the one before; censored at discontinuation or end.
  ds <- doses[doses$id == p$id & doses$start_date <= CUTOFF, ]
  ds <- ds[order(ds$start_date, ds$seq), ]
  drEnd <- if (!is.na(discAt)) discAt else endAt
  if (nrow(ds) == 0) dr <- c(NA, NA) else {
    red <- NA
    if (nrow(ds) > 1) for (k in 2:nrow(ds)) if (ds$dose[k] < ds$dose[k - 1]) { red <- ds$start_date[k]; break }
    dr <- ev(if (!is.na(red) && red <= drEnd) red else NA, drEnd)
  }
  # Grade >= 3 adverse events by the cut-off (undated ones kept: they cannot be placed).
  a <- aes[aes$id == p$id & aes$grade >= 3 & (is.na(aes$onset_date) | aes$onset_date <= CUTOFF), ]
  a$category <- TERMS$category[match(a$term, TERMS$term)]
  onEnd <- if (!is.na(discAt)) min(discAt, endAt) else endAt
  cif <- function(cat) {
    x <- if (cat == 'any') a else a[a$category == cat, ]
    if (any(is.na(x$onset_date))) return(c(NA, NA))
    on <- x$onset_date[x$onset_date >= p$start & x$onset_date <= onEnd]
    if (length(on)) return(c(num(min(on) - p$start), 1))
    if (!is.na(discAt)) return(c(num(discAt - p$start), 2))
    if (!is.na(deathAt)) return(c(num(deathAt - p$start), 3))
    c(num(endAt - p$start), 0)
  }
  count <- function(cat) {
    x <- if (cat == 'any') a else a[a$category == cat, ]
    sum(!is.na(x$onset_date) & x$onset_date >= p$start & x$onset_date <= onEnd)
  }
  inf <- cif('infection'); anyc <- cif('any')
  data.frame(id = p$id, sex = p$sex, pfs_time = pfs[1], pfs_status = pfs[2], ttnt_time = ttnt[1], ttnt_status = ttnt[2],
             dr_time = dr[1], dr_status = dr[2], infection_time = inf[1], infection_cause = inf[2], any_time = anyc[1], any_cause = anyc[2],
             exposure_days = max(0, num(onEnd - p$start)),
             n_any = count('any'), n_infection = count('infection'), n_arrhythmia = count('arrhythmia'), n_bleeding = count('bleeding'),
             n_cytopenia = count('cytopenia'), n_other = count('other'), stringsAsFactors = FALSE)
}))
out(obs, 'observations.csv')

# ---- Statistics ---------------------------------------------------------------------------------
km <- NULL; curves <- NULL
for (e in c('pfs', 'ttnt', 'dr')) {
  x <- obs[!is.na(obs[[paste0(e, '_time')]]), ]
  tt <- x[[paste0(e, '_time')]]; st <- x[[paste0(e, '_status')]]
  fit <- survfit(Surv(tt, st) ~ sex, data = x)
  tab <- summary(fit)$table
  p <- survdiff(Surv(tt, st) ~ sex, data = x)
  pv <- pchisq(p$chisq, length(p$n) - 1, lower.tail = FALSE)
  km <- rbind(km, data.frame(endpoint = e, group = sub('sex=', '', rownames(tab)), n = tab[, 'records'], events = tab[, 'events'],
                             median = tab[, 'median'], lower = tab[, '0.95LCL'], upper = tab[, '0.95UCL'], logrank_p = pv))
  s <- summary(fit, censored = FALSE)
  curves <- rbind(curves, data.frame(endpoint = e, group = sub('sex=', '', as.character(s$strata)), time = s$time, surv = s$surv))
}
out(km, 'km.csv'); out(curves, 'km-curves.csv')
cif <- NULL; gray <- NULL
for (cat in c('infection', 'any')) {
  x <- obs[!is.na(obs[[paste0(cat, '_time')]]), ]
  r <- cuminc(x[[paste0(cat, '_time')]], x[[paste0(cat, '_cause')]], x$sex, cencode = 0)
  for (nm in names(r)[names(r) != 'Tests']) {
    parts <- strsplit(nm, ' ')[[1]]
    cif <- rbind(cif, data.frame(category = cat, group = parts[1], cause = as.integer(parts[2]), time = r[[nm]]$time, est = r[[nm]]$est, var = r[[nm]]$var))
  }
  g <- r$Tests
  gray <- rbind(gray, data.frame(category = cat, cause = as.integer(rownames(g)), stat = g[, 'stat'], p = g[, 'pv'], df = g[, 'df']))
}
out(cif, 'cif.csv'); out(gray, 'gray.csv')
years <- sum(obs$exposure_days) / 365.25
rates <- do.call(rbind, lapply(c('any', 'infection', 'arrhythmia', 'bleeding', 'cytopenia', 'other'), function(cat) {
  x <- sum(obs[[paste0('n_', cat)]])
  t <- poisson.test(x, years)
  data.frame(category = cat, events = x, patient_years = years, rate = 100 * x / years, lower = 100 * t$conf.int[1], upper = 100 * t$conf.int[2])
}))
out(rates, 'rates.csv')
