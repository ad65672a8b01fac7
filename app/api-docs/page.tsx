import Link from 'next/link';
import { requireUser } from '@/lib/auth/current-user';
import { openApiDocument } from '@/lib/api/openapi';
import { DEFAULT_LIMIT, MAX_LIMIT } from '@/lib/api/paging';
import { env } from '@/lib/env';

export const metadata = { title: 'Data API' };

interface Operation { summary?: string }

/**
 * The data API's documentation in the app: how to get a token and call it, and the endpoints read
 * from the OpenAPI document itself (lib/api/openapi.ts), so this list cannot miss one.
 */
export default async function ApiDocsPage() {
  await requireUser();
  const doc = openApiDocument() as { paths: Record<string, { get?: Operation }> };
  const limit = env().API_RATE_LIMIT_PER_MINUTE;
  return (
    <section>
      <h1>Data API</h1>
      <div className="card">
        <h2>Access</h2>
        <p>
          Make a personal access token on <Link href="/account">your account page</Link> (a name and an expiry of at most a year; it is shown
          once). Send it as <code>Authorization: Bearer cllr_…</code>. A token is read-only and reads what you can read (an investigator: their
          centre only); it stops working when it expires, is revoked, or your role or centre changes. Every use is audited.
          At most {limit} requests per minute per token (then 429 with <code>Retry-After</code>).
        </p>
        <pre><code>{'curl -H "Authorization: Bearer $CLL_TOKEN" https://registry.example.org/api/v1/patients?limit=10'}</code></pre>
      </div>
      <div className="card">
        <h2>Endpoints</h2>
        <p>
          All under <code>/api/v1</code>, GET only. Lists return <code>{'{ data, nextCursor }'}</code> pages
          (<code>limit</code> 1–{MAX_LIMIT}, default {DEFAULT_LIMIT}; pass <code>cursor=nextCursor</code> for the next page), filter by
          <code> centre</code> and <code>updated_since</code>, and stream every row with <code>format=csv</code> or <code>format=ndjson</code>.
          JSON answers carry an ETag (send <code>If-None-Match</code> for a 304); errors are <code>application/problem+json</code>.
        </p>
        <table aria-label="API endpoints">
          <thead><tr><th>Path</th><th>What</th></tr></thead>
          <tbody>
            {Object.entries(doc.paths).map(([path, item]) => (
              <tr key={path}><td><code>/api/v1{path}</code></td><td>{item.get?.summary ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
        <p>The machine-readable description: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
      </div>
      <div className="card">
        <h2>R and Python</h2>
        <p>
          Two short scripts pull the whole registry: <code>clients/r/pull-registry.R</code> (data frames with factor labels from the
          dictionary, survival with the <code>survival</code> package) and <code>clients/python/pull_registry.py</code> (pandas).
          Both read <code>CLL_API_URL</code> and <code>CLL_TOKEN</code> from the environment; see docs/api.md in the source.
        </p>
      </div>
    </section>
  );
}
