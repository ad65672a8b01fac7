/**
 * End-to-end timing of the dashboard pages through a running production server (the whole request:
 * session, dataset query, analyses, React render, transfer). Logs in with Chromium, then times GETs.
 *
 *   BENCH_URL=http://localhost:3313 BENCH_EMAIL=… BENCH_PASSWORD=… npx tsx bench/dashboard-http.ts
 *
 * (docs/dashboards.md: serve a database loaded by bench/dashboard.ts with BENCH_PGLITE_DIR and add a
 * coordinator account to it.)
 */
import { chromium } from '@playwright/test';


const PATHS = [
  '/dashboard/survival?cutoff=2017-06-30&preset=fig2',
  '/dashboard/survival?cutoff=2017-06-30&population=all&endpoint=os_start&group=centre&gbw=1',
  '/dashboard?cutoff=2017-06-30',
  '/dashboard/competing-risks?cutoff=2017-06-30&population=all&cif=discontinuation&group=del17p',
  '/dashboard/tables?cutoff=2017-06-30&population=discontinued',
];

async function main(): Promise<void> {
  const base = process.env.BENCH_URL ?? 'http://localhost:3313';
  const email = process.env.BENCH_EMAIL;
  const password = process.env.BENCH_PASSWORD;
  if (!email || !password) throw new Error('set BENCH_EMAIL and BENCH_PASSWORD (a coordinator of the benchmark database)');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ baseURL: base });
    // Log in through next-auth's credentials endpoint, not the form: the form lands on the patients
    // list, which renders every patient and would keep the (single-threaded) embedded database busy.
    const csrf = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const login = await page.request.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, email, password, json: 'true' }, maxRedirects: 0,
    });
    if (![200, 302].includes(login.status())) throw new Error(`login: HTTP ${login.status()}`);
    if (!(await page.context().cookies()).some((c) => c.name.includes('session-token'))) throw new Error('login failed');
    const rows = [];
    for (const path of PATHS) {
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const r = await page.request.get(path);
        const body = await r.text();
        if (r.status() !== 200) throw new Error(`${path}: HTTP ${r.status()}`);
        if (i > 0) times.push(performance.now() - t); // first request warms up
        size = body.length;
      }
      times.sort((a, b) => a - b);
      rows.push({ path, 'median ms': (times[2] ?? 0).toFixed(0), 'min ms': (times[0] ?? 0).toFixed(0), 'HTML kB': (size / 1024).toFixed(0) });
    }
    console.table(rows);
  } finally {
    await browser.close();
  }
}

void main().catch((e: unknown) => { console.error(e); process.exit(1); });
