/**
 * A real OpenID Connect provider for the end-to-end tests (`oidc-provider`, panva: a certified
 * implementation), standing in for a hospital's IdP. One confidential client (the registry, PKCE
 * required), a fixed account store, and a minimal login form instead of a password page: the
 * Playwright test types the hospital user name and the provider issues a signed ID token. Consent
 * is implied (the registry is the hospital's own application, as with a real IdP's first-party app).
 *
 * E2E_OIDC_PORT (default 3219) is the provider's port; E2E_PORT the registry's (its redirect URI).
 * Never for production: fixed client secret, in-memory storage, a signing key made at start.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { E2E_OIDC_CLIENT_ID, E2E_OIDC_CLIENT_SECRET } from './e2e-oidc-client';


/** The hospital's accounts: user name → ID token claims. */
export const E2E_HOSPITAL_ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string }> = {
  // Matches the demo coordinator (seeded by the e2e server).
  'h.coordinator': { email: 'Coordinator@demo.cll-registry.org', email_verified: true, name: 'Hospital Coordinator' },
  // A real hospital employee without a registry account.
  'h.stranger': { email: 'stranger@szpital.example', email_verified: true, name: 'Hospital Stranger' },
  // The demo PL-01 investigator's address, but the IdP never confirmed it.
  'h.unverified': { email: 'investigator.pl01@demo.cll-registry.org', email_verified: false, name: 'Unverified Address' },
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error = ''): string {
  return `<!doctype html><html><head><title>Hospital login</title></head><body>
<h1>Szpital Kliniczny — staff login</h1>${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="username">Hospital user name</label> <input id="username" name="username" autocomplete="off" autofocus>
<button type="submit">Sign in at the hospital</button></form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

export async function startTestOidcProvider(port: number, registryUrl: string): Promise<http.Server> {
  const issuer = `http://localhost:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'e2e', alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: [{
      client_id: E2E_OIDC_CLIENT_ID, client_secret: E2E_OIDC_CLIENT_SECRET,
      redirect_uris: [`${registryUrl}/api/auth/callback/hospital`],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put the e-mail claims in the ID token itself (as Keycloak and Entra ID do), not only at userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = E2E_HOSPITAL_ACCOUNTS[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const existing = ctx.oidc.session?.grantIdFor(clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!m) { callback(req, res); return; }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'POST' && m[2]) {
          const username = (await readForm(req)).get('username')?.trim() ?? '';
          if (!E2E_HOSPITAL_ACCOUNTS[username]) {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, 'Unknown hospital user name.'));
            return;
          }
          await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid));
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`interaction failed: ${String(err)}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return server;
}

// Run as a script (Playwright's webServer), not when imported.
if (process.argv[1]?.endsWith('e2e-oidc-provider.ts')) {
  const port = Number(process.env.E2E_OIDC_PORT ?? 3219);
  const registryUrl = `http://localhost:${process.env.E2E_PORT ?? '3210'}`;
  void startTestOidcProvider(port, registryUrl).then(() => {
    process.stdout.write(`test OpenID Connect provider at http://localhost:${port} for ${registryUrl}\n`);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
}
