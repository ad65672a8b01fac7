/**
 * Weak ETags of JSON responses: a hash of the body, so an unchanged page (same rows, same values)
 * answers If-None-Match with 304 and no body, whatever changed elsewhere in the registry.
 */
import { createHash } from 'node:crypto';

export function weakEtag(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match holds the tag (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}
