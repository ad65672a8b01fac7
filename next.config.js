// @ts-check
/**
 * Security headers apply to every route; patient pages additionally get `no-store`
 * (set here for all app pages, because every page behind login may show patient data).
 * The Content-Security-Policy is not here: it carries a per-request script nonce, so proxy.ts
 * sets it (lib/http/csp.ts).
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several builds (e2e, two-instance tests, parallel work) coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm test` type-checks the whole repository (tsc --noEmit); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // PGlite ships a WASM build and pg has optional native bits: keep both out of the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'bcryptjs'],
  experimental: {
    serverActions: { bodySizeLimit: '60mb' },
    // proxy.ts sees (and forwards) at most this much of a request body: keep it above the action
    // limit, or bodies over 10 MB (the default) would reach the actions truncated.
    proxyClientMaxBodySize: '61mb',
    // forbidden() from next/navigation: a page the role may not open answers 403 (app/forbidden.tsx)
    // instead of redirecting to a "not allowed" page that answered 200.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        source: '/((?!_next/static|_next/image|favicon.ico).*)',
        headers: [{ key: 'Cache-Control', value: 'no-store, max-age=0' }],
      },
    ];
  },
};

module.exports = nextConfig;
