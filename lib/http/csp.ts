/**
 * The Content-Security-Policy of every response the proxy passes on. Scripts run only with this
 * response's nonce ('strict-dynamic' lets those scripts load Next's chunks), so an injected inline
 * script or event-handler attribute does not run even if some text ever reached the page unescaped.
 * Next reads the nonce from the request's CSP header and puts it on its own scripts; that needs
 * dynamic rendering, which every page here has anyway (the root layout reads the session).
 * Styles keep 'unsafe-inline': React style attributes (charts, layout) need it, and a style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging aids; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** A fresh, unguessable nonce (Web Crypto: available where the proxy runs). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}
