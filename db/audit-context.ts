/**
 * Sets who is acting (and why) for the current transaction. The audit triggers read these
 * transaction-local settings; a write without them is refused by the database.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from './client';

export interface Actor {
  /** A user id, or 'system' for seeding and migrations. */
  id: number | 'system';
  label: string;
}

export async function setAuditContext(tx: Tx, actor: Actor, reason?: string | null): Promise<void> {
  await tx.execute(sql`SELECT set_config('app.actor_id', ${String(actor.id)}, true),
    set_config('app.actor_label', ${actor.label}, true),
    set_config('app.reason', ${reason ?? ''}, true)`);
}
