'use client';
/**
 * A one-time notice carried in the URL (e.g. `?created=1` after creating an account). On first
 * render the parameter is dropped from the address, so a later router.refresh() or a reload no
 * longer shows it, and it hides as soon as another form on the page is submitted: it must not read
 * as the outcome of a later role or password change.
 */
import { useEffect, useState } from 'react';

export function FlashNotice({ param, children }: { param: string; children: React.ReactNode }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const hide = () => setShown(false);
    document.addEventListener('submit', hide, true);
    return () => document.removeEventListener('submit', hide, true);
  }, []);
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has(param)) return;
    url.searchParams.delete(param);
    // Next's router follows history.replaceState: later refreshes render the page without the parameter.
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }, [param]);
  return shown ? <p className="notice ok" role="status" data-testid="flash-notice">{children}</p> : null;
}
