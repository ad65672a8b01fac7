# Expected exact Poisson confidence intervals for lib/survival/poisson.ts, from R's poisson.test.
# Run from the repository root:  Rscript test/reference/poisson/make-expected.R
# Writes test/reference/poisson/poisson.expected.json (commit it with this script).
cases <- expand.grid(x = c(0, 1, 2, 3, 5, 7, 10, 25, 50, 137, 1000), t = c(0.37, 1, 12.5, 164.75, 2500))
levels <- c(0.95, 0.9, 0.99)
rows <- list()
for (i in seq_len(nrow(cases))) {
  for (cl in levels) {
    r <- poisson.test(cases$x[i], cases$t[i], conf.level = cl)
    rows[[length(rows) + 1]] <- sprintf('{"x": %d, "t": %.17g, "conf_level": %.17g, "lower": %.17g, "upper": %.17g, "rate": %.17g}',
      as.integer(cases$x[i]), cases$t[i], cl, r$conf.int[1], r$conf.int[2], unname(r$estimate))
  }
}
out <- paste0('{\n  "source": "R ', R.version$major, '.', R.version$minor, ' stats::poisson.test(x, T, conf.level)$conf.int",\n  "cases": [\n    ',
  paste(unlist(rows), collapse = ',\n    '), '\n  ]\n}\n')
writeLines(out, 'test/reference/poisson/poisson.expected.json', sep = '')
