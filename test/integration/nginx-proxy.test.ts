/**
 * deploy/nginx/cll-registry.conf, run by a real nginx (Debian's package) in front of two small
 * upstream servers that echo what they received: TLS with a certificate made by the test, http →
 * https, the X-Forwarded-* and X-Request-Id headers, the body-size limit, failover when an
 * instance is down, and the import's progress streamed without buffering. The app behind the same
 * file is exercised by `npm run test:resilience`. Skipped (with a message) when nginx is missing.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTrusting, nginxBinary, startNginx, type Nginx } from '../resilience/nginx';

interface Echo { server: http.Server; port: number; name: string; hits: number }

/** An upstream: GET/POST echo their request as JSON; /data/import streams two lines 1.5 s apart. */
async function echoServer(name: string): Promise<Echo> {
  const echo: Echo = { server: http.createServer(), port: 0, name, hits: 0 };
  echo.server.on('request', (req, res) => {
    echo.hits++;
    if (req.url?.startsWith('/data/import')) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(`${JSON.stringify({ type: 'progress', done: 1 })}\n`);
      setTimeout(() => res.end(`${JSON.stringify({ type: 'done' })}\n`), 1500);
      return;
    }
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; });
    req.on('end', () => {
      // Like scripts/server.ts: the request id it was given goes back on the response.
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': String(req.headers['x-request-id'] ?? '') });
      res.end(JSON.stringify({ upstream: name, method: req.method, url: req.url, headers: req.headers, bodyBytes: size }));
    });
  });
  await new Promise<void>((r) => echo.server.listen(0, '127.0.0.1', r));
  echo.port = (echo.server.address() as AddressInfo).port;
  return echo;
}

const haveNginx = nginxBinary() !== null;
if (!haveNginx) console.warn('[nginx-proxy] nginx is not installed: skipped (apt-get install -y nginx)');

describe.skipIf(!haveNginx)('deploy/nginx/cll-registry.conf in front of two instances', () => {
  let a: Echo;
  let b: Echo;
  let nginx: Nginx;
  let get: typeof fetch;
  interface Echoed { upstream: string; method: string; url: string; headers: Record<string, string>; bodyBytes: number }

  beforeAll(async () => {
    [a, b] = [await echoServer('A'), await echoServer('B')];
    nginx = await startNginx({ upstreams: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`] });
    get = fetchTrusting(nginx.ca);
  });
  afterAll(async () => {
    await nginx?.stop();
    for (const e of [a, b]) e?.server.close();
  });

  it('terminates TLS with the configured certificate (TLS 1.2+ only) and redirects plain http to https', async () => {
    const session = await new Promise<{ protocol: string | null; subject: string }>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: nginx.httpsPort, servername: 'localhost', ca: nginx.ca }, () => {
        const cn = s.getPeerCertificate().subject.CN;
        resolve({ protocol: s.getProtocol(), subject: Array.isArray(cn) ? cn.join(',') : cn ?? '' });
        s.end();
      });
      s.on('error', reject);
    });
    expect(session.subject).toBe('localhost');
    expect(['TLSv1.2', 'TLSv1.3']).toContain(session.protocol);
    const old = await new Promise<string>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: nginx.httpsPort, servername: 'localhost', ca: nginx.ca, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => { resolve('connected'); s.end(); });
      s.on('error', (e) => resolve(e.message));
    });
    expect(old).not.toBe('connected');

    const plain = await fetch(`http://localhost:${nginx.httpPort}/patients?x=1`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://localhost:${nginx.httpsPort}/patients?x=1`);
    const res = await get(`${nginx.base}/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('passes the client address, scheme, host and a request id, and ignores a forwarded address the client made up', async () => {
    const res = await get(`${nginx.base}/patients`, { headers: { 'x-forwarded-for': '6.6.6.6', 'x-request-id': 'forged' } });
    const body = (await res.json()) as Echoed;
    expect(body.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(body.headers['x-real-ip']).toBe('127.0.0.1');
    expect(body.headers['x-forwarded-proto']).toBe('https');
    expect(body.headers['x-forwarded-host']).toBe(`localhost:${nginx.httpsPort}`);
    // The app compares the Origin of a POST with this Host: the port must survive.
    expect(body.headers.host).toBe(`localhost:${nginx.httpsPort}`);
    expect(body.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // Once, although the instance echoes it too (two headers would read "id, id").
    expect(res.headers.get('x-request-id')).toBe(body.headers['x-request-id']);
    expect(body.headers.connection).not.toBe('close'); // keep-alive to the instances
  });

  it('accepts a body up to the app limit and answers 413 above 61 MB without reaching an instance', async () => {
    const ok = await get(`${nginx.base}/patients/1`, { method: 'POST', body: 'x'.repeat(20 * 1024 * 1024) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Echoed).bodyBytes).toBe(20 * 1024 * 1024);
    const hits = a.hits + b.hits;
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(`${nginx.base}/patients/1`, { method: 'POST', ca: nginx.ca, headers: { 'content-length': String(62 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // Accepted, nginx would wait for the rest of the body: no answer within 5 s counts as accepted.
      req.setTimeout(5000, () => { req.destroy(); resolve(-1); });
      req.write('x'.repeat(1024)); // nginx answers from the declared length and closes
    });
    expect(status).toBe(413);
    expect(a.hits + b.hits).toBe(hits);
  });

  it('spreads requests over both instances and sends everything to the other one when one is down', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add(((await (await get(`${nginx.base}/x`)).json()) as Echoed).upstream);
    expect([...seen].sort()).toEqual(['A', 'B']);

    await new Promise<void>((r) => { b.server.close(() => r()); b.server.closeAllConnections(); });
    const results: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await get(`${nginx.base}/x`, { method: i % 2 ? 'POST' : 'GET', body: i % 2 ? '[]' : undefined, headers: { origin: nginx.base } });
      results.push(`${r.status} ${((await r.json()) as Echoed).upstream}`);
    }
    // A refused connection is retried on the other instance, for POSTs too (nothing was sent yet).
    expect(results).toEqual(Array.from({ length: 10 }, () => '200 A'));
    await new Promise<void>((r) => b.server.listen(b.port, '127.0.0.1', r));
  });

  it('streams the import progress as it comes (no proxy buffering)', async () => {
    const t0 = Date.now();
    const firstAt = await new Promise<{ first: number; text: string }>((resolve, reject) => {
      const req = https.request(`${nginx.base}/data/import?mode=commit`, { method: 'POST', ca: nginx.ca, headers: { 'content-type': 'text/csv' } }, (res) => {
        let first = -1;
        let text = '';
        res.on('data', (c: Buffer) => { if (first < 0) first = Date.now() - t0; text += c.toString(); });
        res.on('end', () => resolve({ first, text }));
      });
      req.on('error', reject);
      req.end('id\n1\n');
    });
    expect(firstAt.text.trim().split('\n')).toHaveLength(2);
    // The second line comes 1.5 s after the first: the first must not wait for it.
    expect(firstAt.first).toBeLessThan(1000);
  });
});
