'use client';
/**
 * A main-nav link that says when it is the current section (aria-current="page", styled in
 * globals.css). A client component because the root layout is not rendered again on client-side
 * navigation: only the browser's path is current.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { isCurrentSection } from './nav-section';

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const current = isCurrentSection(usePathname(), href);
  return <Link href={href} aria-current={current ? 'page' : undefined}>{children}</Link>;
}
