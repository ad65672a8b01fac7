'use server';
/**
 * Account server actions: thin adapters (session → permission → strict schema → service).
 * Results carry ids and flags only, never account rows.
 */
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { changeRole } from '@/lib/services/users/change-role';
import { createUser } from '@/lib/services/users/create-user';
import { resetPassword } from '@/lib/services/users/reset-password';
import { setUserActive } from '@/lib/services/users/set-user-active';
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setActiveSchema } from '@/lib/validation/admin';
import { resetSecondFactor } from '@/lib/services/two-factor/reset-second-factor';
import { resetSecondFactorSchema } from '@/lib/validation/two-factor';

export const createUserAction = authedAction('admin.users', createUserSchema, async ({ user }, input) => {
  const created = await createUser(await getDb(), user, input);
  revalidatePath('/admin/users');
  return { id: created.id };
});

export const setUserActiveAction = authedAction('admin.users', setActiveSchema, async ({ user }, input) => {
  const r = await setUserActive(await getDb(), user, input);
  revalidatePath('/admin/users');
  return { id: r.user.id, active: r.user.active, changed: r.changed, self: r.user.id === user.id };
});

export const changeRoleAction = authedAction('admin.users', changeRoleSchema, async ({ user }, input) => {
  const r = await changeRole(await getDb(), user, input);
  revalidatePath('/admin/users');
  return { id: r.user.id, changed: r.changed, self: r.user.id === user.id };
});

export const resetPasswordAction = authedAction('admin.users', resetPasswordSchema, async ({ user }, input) => {
  const r = await resetPassword(await getDb(), user, input);
  revalidatePath('/admin/users');
  return r;
});

export const resetSecondFactorAction = authedAction('admin.users', resetSecondFactorSchema, async ({ user }, input) => {
  const r = await resetSecondFactor(await getDb(), user, input.id);
  revalidatePath(`/admin/users/${input.id}`);
  return r;
});
