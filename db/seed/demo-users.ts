/**
 * Demo accounts created on first start (DEMO_SEED=on). The passwords are public (README): demo
 * databases must never hold real data. Production sets DEMO_SEED=off.
 */
import type { Role } from '@/lib/auth/permissions';

export interface DemoUser { email: string; displayName: string; role: Role; centreCode: string | null; password: string }

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@demo.cll-registry.org', displayName: 'Ada Admin', role: 'admin', centreCode: null, password: 'demo-admin-pass' },
  { email: 'coordinator@demo.cll-registry.org', displayName: 'Cora Coordinator', role: 'coordinator', centreCode: null, password: 'demo-coordinator-pass' },
  { email: 'investigator.pl01@demo.cll-registry.org', displayName: 'Igor Investigator (PL-01)', role: 'investigator', centreCode: 'PL-01', password: 'demo-pl01-pass' },
  { email: 'investigator.pl02@demo.cll-registry.org', displayName: 'Iga Investigator (PL-02)', role: 'investigator', centreCode: 'PL-02', password: 'demo-pl02-pass' },
];
