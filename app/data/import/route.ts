/**
 * POST /data/import?mode=preview|commit&name=<file name>[&preview=<id>&reason=<text>], body = the file.
 * preview → JSON report (no patient data written) with the previewId the commit must name.
 * commit (same file, `preview` = that id, `reason` when the report asks for one) → NDJSON stream:
 * progress lines while the single all-or-nothing transaction runs, then {type:"done"|"rejected"|"error"}.
 * Size is limited before reading (Content-Length) and while reading (a lying client).
 * A zip, or JSON naming the course format, is the long format of the course (long-import.ts);
 * anything else is a cohort file (CSV or JSON).
 */
import { getDb } from '@/db/client';
import { assertImportSize, ImportFileError, MAX_IMPORT_BYTES } from '@/lib/exchange/parse-import';
import { ServiceError } from '@/lib/services/errors';
import { longFileOf, previewLongImport, runLongImport, type LongFile } from '@/lib/services/exchange/long-import';
import { previewImport } from '@/lib/services/exchange/preview-import';
import { ImportRejected, runImport } from '@/lib/services/exchange/run-import';
import { guard, jsonError, noStore } from '../http';
import { log } from '@/lib/log/logger';

export const dynamic = 'force-dynamic';

async function readBody(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared) assertImportSize(declared);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_IMPORT_BYTES) { await reader.cancel(); assertImportSize(size); }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function asText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError('The file is not UTF-8 text. Save the spreadsheet as "CSV UTF-8" and try again.');
  }
}

function fileNameOf(url: URL): string {
  const raw = url.searchParams.get('name') ?? 'upload.csv';
  return (raw.split(/[\\/]/).pop() ?? 'upload.csv').replace(/[^\w .()-]+/g, '_').slice(0, 120) || 'upload.csv';
}

export async function POST(request: Request): Promise<Response> {
  const user = await guard(request, 'data.import');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const mode = url.searchParams.get('mode');
  if (mode !== 'preview' && mode !== 'commit') return jsonError(400, 'mode must be preview or commit');
  const fileName = fileNameOf(url);
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request);
  } catch (e) {
    if (e instanceof ImportFileError) return jsonError(413, e.message);
    throw e;
  }
  let text = '';
  let long: LongFile | null;
  try {
    long = longFileOf(fileName, bytes);
    if (!long) text = asText(bytes);
  } catch (e) {
    if (e instanceof ImportFileError) return jsonError(422, e.message);
    throw e;
  }
  const db = await getDb();
  if (mode === 'preview') {
    try {
      const report = long ? await previewLongImport(db, user, long) : await previewImport(db, user, { fileName, text });
      return Response.json({ ok: true, report }, { headers: noStore });
    } catch (e) {
      if (e instanceof ImportFileError) return jsonError(422, e.message);
      if (e instanceof ServiceError) return jsonError(e.code === 'forbidden' ? 403 : 422, e.message);
      log.error({ err: e }, 'import preview failed');
      return jsonError(500, 'The file could not be checked because of a server error. Nothing was imported.');
    }
  }
  const previewId = url.searchParams.get('preview');
  if (!previewId || previewId.length > 64) return jsonError(400, 'Check the file first: an import names the check it follows (preview).');
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (obj: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(obj)}\n`));
      try {
        const reason = url.searchParams.get('reason');
        const progress = (p: object) => send({ type: 'progress', ...p });
        const report = long
          ? await runLongImport(db, user, { file: long, previewId, reason }, progress)
          : await runImport(db, user, { fileName, text, previewId, reason }, progress);
        send({ type: 'done', report });
      } catch (e) {
        if (e instanceof ImportRejected) send({ type: 'rejected', report: e.report });
        else if (e instanceof ImportFileError || e instanceof ServiceError) send({ type: 'error', message: e.message });
        else { log.error({ err: e }, 'import failed'); send({ type: 'error', message: 'The import failed because of a server error. Nothing was imported.' }); }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { ...noStore, 'Content-Type': 'application/x-ndjson; charset=utf-8' } });
}
