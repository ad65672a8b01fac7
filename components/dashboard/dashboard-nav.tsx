/** Tabs between the dashboard pages; the current view's query string travels along (plain links: server-rendered pages). */

const TABS = [
  { href: '/dashboard', label: 'Overview' },
  { href: '/dashboard/tables', label: 'Tables 1–3' },
  { href: '/dashboard/survival', label: 'Survival' },
  { href: '/dashboard/competing-risks', label: 'Competing risks' },
  { href: '/dashboard/course', label: 'Course' },
] as const;

export function DashboardNav({ current, query }: { current: (typeof TABS)[number]['href']; query: string }) {
  return (
    <nav aria-label="Dashboards" className="toolbar" style={{ gap: '1rem' }}>
      {TABS.map((t) => (
        <a key={t.href} href={`${t.href}?${query}`} aria-current={t.href === current ? 'page' : undefined}
          style={t.href === current ? { fontWeight: 700, textDecoration: 'none' } : undefined}>{t.label}</a>
      ))}
    </nav>
  );
}
