'use server';
/** Centre server actions: thin adapters (session → permission → strict schema → service). */
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { authedAction } from '@/lib/actions/safe-action';
import { createCentre } from '@/lib/services/centres/create-centre';
import { setCentreActive } from '@/lib/services/centres/set-centre-active';
import { updateCentre } from '@/lib/services/centres/update-centre';
import { createCentreSchema, setActiveSchema, updateCentreSchema } from '@/lib/validation/admin';

export const createCentreAction = authedAction('admin.centres', createCentreSchema, async ({ user }, input) => {
  const centre = await createCentre(await getDb(), user, input);
  revalidatePath('/admin/centres');
  return { id: centre.id, code: centre.code };
});

export const updateCentreAction = authedAction('admin.centres', updateCentreSchema, async ({ user }, input) => {
  const { centre, changed } = await updateCentre(await getDb(), user, input);
  revalidatePath('/admin/centres');
  return { id: centre.id, changed };
});

export const setCentreActiveAction = authedAction('admin.centres', setActiveSchema, async ({ user }, input) => {
  const { centre, changed } = await setCentreActive(await getDb(), user, input);
  revalidatePath('/admin/centres');
  return { id: centre.id, active: centre.active, changed };
});
