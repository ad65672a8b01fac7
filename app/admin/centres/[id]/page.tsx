import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { getCentre } from '@/lib/services/centres/list-centres';
import { ServiceError } from '@/lib/services/errors';
import { ActiveToggle } from '@/components/admin/active-toggle';
import { CentreEditForm } from '@/components/admin/centre-edit-form';
import { parseId, utcMinute } from '../../format';
import { setCentreActiveAction } from '../actions';

export const metadata = { title: 'Centre' };

export default async function CentrePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser('admin.centres');
  const id = parseId((await params).id);
  if (id === null) notFound();
  const centre = await getCentre(await getDb(), user, id).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === 'not_found') return null;
    throw err;
  });
  if (!centre) notFound();
  return (
    <section>
      <p><Link href="/admin/centres">← All centres</Link></p>
      <h1>Centre {centre.code}</h1>
      <div className="grid-2">
        <div className="card">
          <dl className="facts">
            <dt>Code</dt><dd>{centre.code}</dd>
            <dt>Status</dt><dd data-testid="centre-status">{centre.active ? 'active' : 'inactive'}</dd>
            <dt>Created</dt><dd>{utcMinute(centre.createdAt)}</dd>
            <dt>Last changed</dt><dd>{utcMinute(centre.updatedAt)}</dd>
          </dl>
          <ActiveToggle id={centre.id} active={centre.active} subject={`centre ${centre.code}`}
            consequence="Its investigators are logged out and cannot log in until it is reactivated; its patients stay in the registry."
            action={setCentreActiveAction} />
        </div>
        <div className="card"><CentreEditForm centre={centre} /></div>
      </div>
    </section>
  );
}
