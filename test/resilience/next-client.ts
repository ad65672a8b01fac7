/**
 * A tiny HTTP client for a running instance of the app, for tests that go through the real server
 * (two instances, load, faults, the server-action sweep): a cookie jar, next-auth credentials login,
 * and server-action calls by id from the build's server-reference manifest (Next-Action header).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ActionRef { id: string; name: string; file: string; route: string }

/** Every server action of a build, with a page route that hosts it. */
export function readActions(distDir: string): ActionRef[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName?: string; filename?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).sort((a, b) => a.length - b.length)[0] ?? 'app/page';
    const route = worker.replace(/^app/, '').replace(/\/page$/, '').replace(/\[\.{0,3}[^\]]+\]/g, '1') || '/';
    return { id, name: entry.exportedName ?? '?', file: entry.filename ?? '?', route };
  });
}

export function findAction(actions: ActionRef[], name: string): ActionRef | undefined {
  return actions.find((a) => a.name === name);
}

export interface ActionResponse { status: number; body: string; result: unknown; contentType: string }

/** The value an action returned, from Next's flight response (the row `1:` carries it). */
export function parseActionResult(body: string): unknown {
  for (const line of body.split('\n')) {
    const m = /^1:(.*)$/.exec(line);
    if (m?.[1]) {
      try { return JSON.parse(m[1]); } catch { return m[1]; }
    }
  }
  return undefined;
}

export class NextClient {
  readonly cookies = new Map<string, string>();

  /** `fetchImpl`: e.g. test/resilience/nginx.ts's fetchTrusting, for https through the test's nginx. */
  constructor(public base: string, private readonly fetchImpl: typeof fetch = fetch) {}

  /** A client on another instance that shares this one's cookies (a user whose load balancer switched). */
  on(base: string): NextClient {
    const c = new NextClient(base, this.fetchImpl);
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    return c;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(res: Response): void {
    for (const raw of res.headers.getSetCookie()) {
      const [pair] = raw.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(raw) || /expires=Thu, 01 Jan 1970/i.test(raw)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(p: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size && !('cookie' in headers)) headers.cookie = this.cookieHeader();
    const res = await this.fetchImpl(new URL(p, this.base), { redirect: 'manual', ...init, headers });
    this.store(res);
    return res;
  }

  /** next-auth credentials login; true when a session cookie was issued. */
  async login(email: string, password: string): Promise<{ ok: boolean; error?: string; status: number }> {
    const csrfRes = await this.fetch('/api/auth/csrf');
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base, 'x-auth-return-redirect': '1' },
      body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: `${this.base}/patients` }).toString(),
    });
    const text = await res.text();
    let url = '';
    try { url = (JSON.parse(text) as { url?: string }).url ?? ''; } catch { url = res.headers.get('location') ?? ''; }
    const error = /[?&]error=([^&]+)/.exec(url)?.[1];
    const ok = [...this.cookies.keys()].some((k) => k.endsWith('next-auth.session-token'));
    return { ok: ok && !error, error: error ? decodeURIComponent(error.replace(/\+/g, ' ')) : undefined, status: res.status };
  }

  /** Calls a server action the way Next's client does. */
  async action(ref: ActionRef, args: unknown[], opts: { origin?: string | null; headers?: Record<string, string>; rawBody?: string } = {}): Promise<ActionResponse> {
    const headers: Record<string, string> = {
      'next-action': ref.id, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', ...opts.headers,
    };
    const origin = opts.origin === undefined ? new URL(this.base).origin : opts.origin;
    if (origin !== null) headers.origin = origin;
    const res = await this.fetch(ref.route, { method: 'POST', headers, body: opts.rawBody ?? JSON.stringify(args) });
    const body = await res.text();
    return { status: res.status, body, result: parseActionResult(body), contentType: res.headers.get('content-type') ?? '' };
  }
}
