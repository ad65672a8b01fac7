/**
 * Whether a main-nav link names the section the user is in: its own page or any page under it
 * (/patients/PL-01-030/baseline is in "Patients"). Segment by segment, so /data does not claim /dashboard.
 */
export function isCurrentSection(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
