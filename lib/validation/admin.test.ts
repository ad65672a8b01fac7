import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { passwordSchema } from '@/lib/auth/password';
import {
  changeRoleSchema, createCentreSchema, createUserSchema, newPasswordSchema, resetPasswordSchema, setActiveSchema,
  updateCentreSchema,
} from './admin';

const fieldErrors = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
  const out: Record<string, string[]> = {};
  for (const i of r.error?.issues ?? []) (out[i.path.join('.') || '_form'] ??= []).push(i.message);
  return out;
};

describe('createCentreSchema', () => {
  it('accepts a valid centre, normalising code case and trimming', () => {
    expect(createCentreSchema.parse({ code: ' pl-09 ', name: '  Szpital Wojewódzki ', city: 'Łódź' }))
      .toEqual({ code: 'PL-09', name: 'Szpital Wojewódzki', city: 'Łódź' });
  });

  it.each(['PL9', 'PL-9', 'PL-009', 'P1-09', 'PLX-09', 'PL_09', '', 'PL-0٩'])('refuses the code %j', (code) => {
    const r = createCentreSchema.safeParse({ code, name: 'N', city: 'C' });
    expect(r.success).toBe(false);
    expect(Object.keys(fieldErrors(r))).toEqual(['code']);
  });

  it('requires name and city, single-line, bounded', () => {
    const r = createCentreSchema.safeParse({ code: 'PL-09', name: '   ', city: 'a\nb' });
    expect(fieldErrors(r)).toEqual({ name: ['Name is required.'], city: ['City must be a single line: it contains a line break; remove it.'] });
    expect(createCentreSchema.safeParse({ code: 'PL-09', name: 'x'.repeat(121), city: 'C' }).success).toBe(false);
    expect(createCentreSchema.safeParse({ code: 'PL-09', name: 'x'.repeat(120), city: 'C' }).success).toBe(true);
  });

  it('rejects unknown keys (mass assignment)', () => {
    for (const extra of [{ active: false }, { id: 3 }, { createdBy: 1 }, { ['__proto__']: { admin: true } }]) {
      const payload = JSON.parse(JSON.stringify({ code: 'PL-09', name: 'N', city: 'C', ...extra })) as unknown;
      expect(createCentreSchema.safeParse(payload).success).toBe(false);
    }
    expect(createCentreSchema.safeParse(JSON.parse('{"code":"PL-09","name":"N","city":"C","__proto__":{"x":1}}')).success).toBe(false);
  });

  it('never lets an arbitrary string through unless it is a valid code', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = createCentreSchema.safeParse({ code: s, name: 'N', city: 'C' });
      expect(r.success).toBe(/^[A-Z]{2}-\d{2}$/.test(s.trim().toUpperCase()));
    }));
  });
});

describe('updateCentreSchema / setActiveSchema', () => {
  it('accepts id, name and city only: the code cannot be changed', () => {
    expect(updateCentreSchema.parse({ id: 3, name: ' A ', city: 'B' })).toEqual({ id: 3, name: 'A', city: 'B' });
    expect(updateCentreSchema.safeParse({ id: 3, name: 'A', city: 'B', code: 'PL-99' }).success).toBe(false);
    expect(updateCentreSchema.safeParse({ id: '3', name: 'A', city: 'B' }).success).toBe(false);
    expect(updateCentreSchema.safeParse({ id: -1, name: 'A', city: 'B' }).success).toBe(false);
    expect(updateCentreSchema.safeParse({ id: 1.5, name: 'A', city: 'B' }).success).toBe(false);
  });

  it('needs a boolean flag and a positive integer id', () => {
    expect(setActiveSchema.parse({ id: 1, active: false })).toEqual({ id: 1, active: false });
    expect(setActiveSchema.safeParse({ id: 1, active: 'false' }).success).toBe(false);
    expect(setActiveSchema.safeParse({ id: 0, active: true }).success).toBe(false);
    expect(setActiveSchema.safeParse({ id: 1, active: true, role: 'admin' }).success).toBe(false);
  });
});

const validUser = { email: 'Anna.Nowak@Example.org ', displayName: 'Anna Nowak', role: 'coordinator', centreId: null, password: 'eight ch' };

describe('createUserSchema', () => {
  it('normalises the email to trimmed lower case', () => {
    expect(createUserSchema.parse(validUser)).toEqual({ ...validUser, email: 'anna.nowak@example.org' });
  });

  it('requires a centre for investigators and forbids one for other roles', () => {
    expect(fieldErrors(createUserSchema.safeParse({ ...validUser, role: 'investigator', centreId: null })))
      .toEqual({ centreId: ['An investigator must belong to a centre.'] });
    expect(createUserSchema.safeParse({ ...validUser, role: 'investigator', centreId: 4 }).success).toBe(true);
    for (const role of ['admin', 'coordinator']) {
      expect(Object.keys(fieldErrors(createUserSchema.safeParse({ ...validUser, role, centreId: 4 })))).toEqual(['centreId']);
    }
  });

  it('refuses bad emails, unknown roles, missing names and unknown keys', () => {
    expect(Object.keys(fieldErrors(createUserSchema.safeParse({ ...validUser, email: 'not-an-email' })))).toEqual(['email']);
    expect(Object.keys(fieldErrors(createUserSchema.safeParse({ ...validUser, role: 'superuser' })))).toEqual(['role']);
    expect(Object.keys(fieldErrors(createUserSchema.safeParse({ ...validUser, displayName: '' })))).toEqual(['displayName']);
    expect(createUserSchema.safeParse({ ...validUser, passwordHash: '$2b$12$abc' }).success).toBe(false);
    expect(createUserSchema.safeParse({ ...validUser, active: false }).success).toBe(false);
  });

  it('enforces the password length in characters (min 8) and UTF-8 bytes (max 72)', () => {
    const pw = (password: string) => createUserSchema.safeParse({ ...validUser, password });
    expect(fieldErrors(pw('seven c'))).toEqual({ password: ['Password must be at least 8 characters.'] });
    expect(pw('x'.repeat(72)).success).toBe(true);
    expect(pw('x'.repeat(64)).success).toBe(true);
    expect(fieldErrors(pw('x'.repeat(73))).password?.[0]).toMatch(/at most 72 bytes/);
    // 36 two-byte characters are 72 bytes; 37 are 74.
    expect(pw('ł'.repeat(36)).success).toBe(true);
    expect(pw('ł'.repeat(37)).success).toBe(false);
  });
});

describe('newPasswordSchema agrees with the server rule of lib/auth/password.ts', () => {
  it('for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 90 }), (s) => {
      expect(newPasswordSchema.safeParse(s).success).toBe(passwordSchema.safeParse(s).success);
    }), { numRuns: 2000 });
  });
});

describe('changeRoleSchema / resetPasswordSchema', () => {
  it('applies the centre rule and strictness', () => {
    expect(changeRoleSchema.parse({ id: 2, role: 'investigator', centreId: 1 })).toEqual({ id: 2, role: 'investigator', centreId: 1 });
    expect(changeRoleSchema.safeParse({ id: 2, role: 'investigator', centreId: null }).success).toBe(false);
    expect(changeRoleSchema.safeParse({ id: 2, role: 'admin', centreId: 1 }).success).toBe(false);
    expect(changeRoleSchema.safeParse({ id: 2, role: 'admin', centreId: null, active: true }).success).toBe(false);
  });

  it('checks the new password like creation does', () => {
    expect(resetPasswordSchema.safeParse({ id: 2, password: 'short' }).success).toBe(false);
    expect(resetPasswordSchema.parse({ id: 2, password: 'long enough' })).toEqual({ id: 2, password: 'long enough' });
    expect(resetPasswordSchema.safeParse({ id: 2, password: 'long enough', confirm: 'long enough' }).success).toBe(false);
  });
});
