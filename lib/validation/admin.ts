/**
 * Schemas of the admin forms (centres and user accounts), shared by the react-hook-form resolver in
 * the browser and the server actions. Objects are strict: a payload naming anything else (an
 * `active` flag on create, a `passwordHash`, a `createdBy`…) is refused, never silently dropped.
 * The ids of the records being changed are checked again by the services, which trust nothing here.
 */
import { z } from 'zod';
import { refineText, SINGLE_LINE } from './text';

export const ROLES = ['admin', 'coordinator', 'investigator'] as const;
export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  admin: 'Administrator',
  coordinator: 'Coordinator (monitor / data manager)',
  investigator: 'Investigator (one centre)',
};

/**
 * The password rule of lib/auth/password.ts (≥ 8 characters, ≤ 72 UTF-8 bytes: bcrypt ignores the
 * rest), restated with TextEncoder because that module uses Node's Buffer and bcrypt, which must not
 * reach the browser bundle. A unit test checks that both rules agree.
 */
const utf8 = new TextEncoder();
export const PASSWORD_MAX_BYTES = 72;
export const newPasswordSchema = z.string({ error: 'Password is required.' })
  .min(8, 'Password must be at least 8 characters.')
  .refine((p) => utf8.encode(p).length <= PASSWORD_MAX_BYTES, 'Password must be at most 72 bytes (about 72 plain characters).');

export const CENTRE_CODE_RE = /^[A-Z]{2}-\d{2}$/;

const id = z.number({ error: 'Required.' }).int().positive().max(2_147_483_647);

/** Free text shown in lists: trimmed, one line, only storable characters (./text.ts). */
function line(label: string, max: number) {
  return z.string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .superRefine(refineText(SINGLE_LINE, label));
}

export const centreCodeSchema = z.string({ error: 'Code is required.' })
  .trim()
  .toUpperCase()
  .regex(CENTRE_CODE_RE, 'Code must be two capital letters, a hyphen and two digits, e.g. PL-09.');

export const createCentreSchema = z.strictObject({
  code: centreCodeSchema,
  name: line('Name', 120),
  city: line('City', 80),
});
export type CreateCentreInput = z.output<typeof createCentreSchema>;

export const updateCentreSchema = z.strictObject({
  id,
  name: line('Name', 120),
  city: line('City', 80),
});
export type UpdateCentreInput = z.output<typeof updateCentreSchema>;

export const setActiveSchema = z.strictObject({
  id,
  active: z.boolean(),
});
export type SetActiveInput = z.output<typeof setActiveSchema>;

export const emailSchema = z.string({ error: 'Email is required.' })
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters.')
  .pipe(z.email('Enter a valid email address.'));

/** An investigator belongs to exactly one centre; the other roles see every centre and have none. */
function centreMatchesRole(v: { role: (typeof ROLES)[number]; centreId: number | null }, ctx: z.RefinementCtx) {
  if (v.role === 'investigator' && v.centreId === null) {
    ctx.addIssue({ code: 'custom', path: ['centreId'], message: 'An investigator must belong to a centre.' });
  }
  if (v.role !== 'investigator' && v.centreId !== null) {
    ctx.addIssue({ code: 'custom', path: ['centreId'], message: 'Only investigators belong to a centre: leave it empty for this role.' });
  }
}

const role = z.enum(ROLES, { error: 'Choose a role.' });
const centreId = id.nullable();

export const createUserSchema = z.strictObject({
  email: emailSchema,
  displayName: line('Name', 120),
  role,
  centreId,
  /** Absent: no usable password yet; the person gets an invitation link by e-mail and chooses one. */
  password: newPasswordSchema.optional(),
}).superRefine(centreMatchesRole);
export type CreateUserInput = z.output<typeof createUserSchema>;

export const changeRoleSchema = z.strictObject({
  id,
  role,
  centreId,
}).superRefine(centreMatchesRole);
export type ChangeRoleInput = z.output<typeof changeRoleSchema>;

export const resetPasswordSchema = z.strictObject({
  id,
  password: newPasswordSchema,
});
export type ResetPasswordInput = z.output<typeof resetPasswordSchema>;

/** `npm run admin:create`: the first (or an additional) administrator, same rules as the admin form. */
export const cliAdminSchema = z.strictObject({
  email: emailSchema,
  displayName: line('Name', 120),
  password: newPasswordSchema,
});
export type CliAdminInput = z.output<typeof cliAdminSchema>;
