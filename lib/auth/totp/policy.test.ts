import { describe, expect, it } from 'vitest';
import { parseRequiredRoles } from './policy';

describe('REQUIRE_2FA_ROLES', () => {
  it('defaults to admin and coordinator in production and to nobody in demo mode', () => {
    expect([...parseRequiredRoles(undefined, 'off')]).toEqual(['admin', 'coordinator']);
    expect([...parseRequiredRoles(undefined, 'on')]).toEqual([]);
  });

  it('an explicit value always wins, also an empty one', () => {
    expect([...parseRequiredRoles('investigator, ADMIN', 'on')]).toEqual(['investigator', 'admin']);
    expect([...parseRequiredRoles('', 'off')]).toEqual([]);
  });

  it('refuses an unknown role instead of silently requiring nothing for it', () => {
    expect(() => parseRequiredRoles('admin,coordinater', 'off')).toThrow(/unknown role "coordinater"/);
  });
});
