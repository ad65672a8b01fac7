import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/current-user';

export default async function AdminHome() {
  await requireUser('admin.users');
  redirect('/admin/users');
}
