'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { confirmEnrolmentAction, startEnrolmentAction } from '@/app/account/two-factor/actions';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { useHydrated } from '@/components/admin/use-hydrated';

type Started = { secret: string; uri: string; qr: string };

/**
 * Set-up of a second factor: start (QR code and secret from the server), confirm with a first code,
 * then the ten recovery codes, shown once. `next`: where to go afterwards.
 */
export function TwoFactorEnrolment({ next }: { next: string | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [started, setStarted] = useState<Started | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    const res = await startEnrolmentAction({ start: true }).catch(() => null);
    setBusy(false);
    if (!res) return setError('Something went wrong on the server. Please try again.');
    if (!res.ok) return setError(res.message);
    setStarted(res.data);
  }

  async function confirm(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setBusy(true);
    setError(null);
    const res = await confirmEnrolmentAction({ code }).catch(() => null);
    setBusy(false);
    if (!res) return setError('Something went wrong on the server. Please try again.');
    if (!res.ok) return setError(res.message);
    setCodes(res.data.recoveryCodes);
  }

  if (codes) {
    return (
      <div>
        <p className="notice ok" role="status">Two-factor login is on.</p>
        <h2>Recovery codes</h2>
        <p>Each code logs you in once if you lose your phone. Keep them somewhere safe: they are shown only now.</p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {codes.map((c) => <li key={c}><code>{c}</code></li>)}
        </ol>
        <button type="button" onClick={() => { router.replace(safeCallbackPath(next) ?? '/account'); router.refresh(); }}>
          I have saved them — continue
        </button>
      </div>
    );
  }

  if (!started) {
    return (
      <div>
        <div role="alert" className="form-error">{error}</div>
        <button type="button" onClick={() => void start()} disabled={!hydrated || busy}>{busy ? 'Starting…' : 'Set up two-factor login'}</button>
      </div>
    );
  }

  return (
    <div>
      <p>Scan this code with an authenticator app (FreeOTP, Google Authenticator, Microsoft Authenticator, 1Password, …).</p>
      {/* A data: URL of an SVG drawn on the server; next/image adds nothing for it. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={started.qr} alt="QR code for your authenticator app" width={200} height={200} data-testid="totp-qr" />
      <p>Or type this key into the app: <code data-testid="totp-secret">{started.secret}</code></p>
      <form onSubmit={confirm} className="form" method="post" noValidate>
        <label htmlFor="enrol-code">The 6-digit code the app shows now</label>
        <input id="enrol-code" name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={32} required />
        <div role="alert" aria-live="assertive" className="form-error">{error}</div>
        <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Confirm'}</button>
      </form>
    </div>
  );
}
