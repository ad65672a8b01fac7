'use client';
/**
 * What a user quotes when a page fails. The root layout hands down the request id of the page
 * load (X-Request-Id, set by scripts/server.ts or proxy.ts); the server's error log line carries
 * that id and the error's digest. An error during the page load shows the request id. After a
 * client-side navigation the failing request was a later one whose id the browser never sees,
 * so the digest (also in the log line) is shown instead: never an id that would point elsewhere.
 */
import { createContext, Suspense, useContext, useEffect, useRef, type ReactNode } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';

const PageLoadRequest = createContext<string | null>(null);
let navigations = 0;

function NavigationCounter() {
  const pathname = usePathname();
  const search = useSearchParams();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    navigations++;
  }, [pathname, search]);
  return null;
}

export function RequestIdProvider({ requestId, children }: { requestId: string | null; children: ReactNode }) {
  return (
    <PageLoadRequest.Provider value={requestId}>
      <Suspense fallback={null}><NavigationCounter /></Suspense>
      {children}
    </PageLoadRequest.Provider>
  );
}

/** "request <id>" during the page load, "error <digest>" after navigating, or null. */
export function useErrorReference(digest: string | undefined): string | null {
  const requestId = useContext(PageLoadRequest);
  if (requestId && navigations === 0) return `request ${requestId}`;
  return digest ? `error ${digest}` : null;
}
