/**
 * Readiness for a load balancer: 200 when the database answers and carries every migration of this
 * code, 503 with a reason otherwise (and while shutting down). No session, no data.
 */
import { NextResponse } from 'next/server';
import { getDatabase } from '@/db/client';
import { log } from '@/lib/log/logger';
import { checkReadiness } from '@/lib/services/health/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  const r = await checkReadiness(getDatabase);
  const headers = { 'Cache-Control': 'no-store' };
  if (r.ready) return NextResponse.json({ status: 'ready' }, { headers });
  log.warn({ reason: r.reason, err: r.cause }, 'not ready');
  return NextResponse.json({ status: 'not_ready', reason: r.reason }, { status: 503, headers });
}
