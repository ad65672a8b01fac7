import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from './proxy';

function actionPost(body: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest('http://localhost:3000/patients/PL-01-001/baseline', {
    method: 'POST', body,
    headers: { origin: 'http://localhost:3000', host: 'localhost:3000', 'next-action': 'abc123', 'content-type': 'text/plain;charset=UTF-8', ...headers },
  });
}

describe('proxy: server action bodies (check 13)', () => {
  it('refuses a malformed or too deeply nested body with 400, with or without Content-Length (chunked)', async () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    for (const body of ['{not json', '{"a":1}', deep]) {
      expect((await proxy(actionPost(body, { 'content-length': String(Buffer.byteLength(body)) }))).status).toBe(400);
      // No Content-Length, as with Transfer-Encoding: chunked.
      expect((await proxy(actionPost(body))).status).toBe(400);
    }
  });

  it('passes a well-formed argument list on', async () => {
    const res = await proxy(actionPost('[{"patientCode":"PL-01-001"}]'));
    expect(res.headers.get('x-middleware-next')).toBe('1');
  });

  it('refuses a cross-site action with 403', async () => {
    expect((await proxy(actionPost('[]', { origin: 'https://evil.example' }))).status).toBe(403);
  });
});
