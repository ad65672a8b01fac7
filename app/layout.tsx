import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { getCurrentUser } from '@/lib/auth/current-user';
import { RequestIdProvider } from '@/components/request-reference';
import { REQUEST_ID_HEADER, isSafeRequestId } from '@/lib/http/request-id';
import { MainNav } from '@/components/main-nav';
import './globals.css';

// Every page depends on who is logged in: never prerender or cache one.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'CLL Registry', template: '%s · CLL Registry' },
  description: 'Registry of CLL patients treated with ibrutinib',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  const requestId = (await headers()).get(REQUEST_ID_HEADER);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site-header">
          <span className="brand">CLL Registry</span>
          {user ? <MainNav user={{ displayName: user.displayName, role: user.role, centreCode: user.centreCode }} /> : null}
        </header>
        <main id="main" className="site-main">
          <RequestIdProvider requestId={isSafeRequestId(requestId) ? requestId : null}>{children}</RequestIdProvider>
        </main>
      </body>
    </html>
  );
}
