/**
 * Which roles must use a second factor. REQUIRE_2FA_ROLES wins whenever it is set (an empty value
 * means "nobody"); unset, production (DEMO_SEED=off) requires it for admins and coordinators, who can
 * change accounts and every centre's data, while demo mode requires nobody, so the demo stays two
 * commands away from a working login (issue 13).
 */
import { env } from '@/lib/env';
import type { Role } from '../permissions';

const ROLES: readonly Role[] = ['admin', 'coordinator', 'investigator'];
export const PRODUCTION_DEFAULT_ROLES: readonly Role[] = ['admin', 'coordinator'];

export function parseRequiredRoles(raw: string | undefined, demoSeed: 'on' | 'off'): ReadonlySet<Role> {
  if (raw === undefined) return new Set(demoSeed === 'on' ? [] : PRODUCTION_DEFAULT_ROLES);
  const out = new Set<Role>();
  for (const part of raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const role = ROLES.find((r) => r === part);
    // A typo must not silently switch the requirement off for that role.
    if (!role) throw new Error(`REQUIRE_2FA_ROLES: unknown role "${part}" (use admin, coordinator, investigator)`);
    out.add(role);
  }
  return out;
}

export function requiredSecondFactorRoles(): ReadonlySet<Role> {
  const e = env();
  return parseRequiredRoles(e.REQUIRE_2FA_ROLES, e.DEMO_SEED);
}

export function secondFactorRequired(role: Role): boolean {
  return requiredSecondFactorRoles().has(role);
}

/** One line for the start output: what the rule is and why. */
export function secondFactorPolicyLine(): string {
  const e = env();
  const roles = [...parseRequiredRoles(e.REQUIRE_2FA_ROLES, e.DEMO_SEED)];
  if (e.REQUIRE_2FA_ROLES === undefined && e.DEMO_SEED === 'on') {
    return 'Two-factor login: demo mode: second factor optional (set REQUIRE_2FA_ROLES=admin,coordinator to require it).';
  }
  return roles.length ? `Two-factor login: required for ${roles.join(', ')}.` : 'Two-factor login: optional for every role (REQUIRE_2FA_ROLES is empty).';
}
