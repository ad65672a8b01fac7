import { describe, expect, it } from 'vitest';
import { can, centreFilter, PERMISSIONS, ROLE_PERMISSIONS } from './permissions';

const inv = { id: 1, role: 'investigator' as const, centreId: 7 };
const coord = { id: 2, role: 'coordinator' as const, centreId: null };
const admin = { id: 3, role: 'admin' as const, centreId: null };

describe('permissions', () => {
  it('lets an investigator write CRFs of their own centre only', () => {
    expect(can(inv, 'crf.write', { centreId: 7 })).toBe(true);
    expect(can(inv, 'crf.write', { centreId: 8 })).toBe(false);
    expect(can(inv, 'patient.read', { centreId: 8 })).toBe(false);
  });
  it('keeps investigators out of admin, verification and audit', () => {
    for (const p of ['admin.users', 'admin.centres', 'crf.verify', 'crf.lock', 'audit.view'] as const) {
      expect(can(inv, p)).toBe(false);
    }
  });
  it('gives coordinators all centres but no data entry or account management', () => {
    expect(can(coord, 'patient.read', { centreId: 99 })).toBe(true);
    expect(can(coord, 'crf.write', { centreId: 99 })).toBe(false);
    expect(can(coord, 'admin.users')).toBe(false);
    expect(centreFilter(coord)).toBeNull();
  });
  it('gives admins account management', () => {
    expect(can(admin, 'admin.users')).toBe(true);
    expect(can(admin, 'crf.write', { centreId: 1 })).toBe(false);
  });
  it('scopes an investigator without a centre to nothing', () => {
    expect(centreFilter({ ...inv, centreId: null })).toEqual([]);
    expect(can({ ...inv, centreId: null }, 'patient.read', { centreId: 7 })).toBe(false);
  });
  it('only grants known permissions', () => {
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS).toContain(p);
  });
});
