'use client';
/**
 * Makes a personal access token and shows it once: the page never sees it again (only its hash is
 * stored). The token stays on screen until the user dismisses it.
 */
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { createApiTokenAction } from '@/app/account/api-token-actions';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_NAME_MAX_LENGTH } from '@/lib/api/token-input';

export function ApiTokenCreateForm() {
  const router = useRouter();
  const [created, setCreated] = useState<{ token: string; name: string; expiresAt: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    setMessage(null);
    setErrors({});
    startTransition(async () => {
      const r = await createApiTokenAction({ name: String(data.get('name') ?? ''), days: String(data.get('days') ?? '') }).catch(() => null);
      if (!r) return setMessage('Something went wrong on the server; no token was made.');
      if (!r.ok) { setErrors(r.fieldErrors ?? {}); return setMessage(r.message); }
      setCreated(r.data);
      form.reset();
      router.refresh();
    });
  }

  return (
    <div>
      {created ? (
        <div className="notice ok" role="status" data-testid="new-api-token">
          <p>Token “{created.name}” made, valid until {created.expiresAt.slice(0, 10)}. Copy it now: it is shown only once.</p>
          <p><code data-testid="api-token-value">{created.token}</code></p>
          <button type="button" className="secondary" onClick={() => setCreated(null)}>I have copied it</button>
        </div>
      ) : null}
      <form onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }} aria-label="New personal access token">
        <label>Name
          <input name="name" required maxLength={TOKEN_NAME_MAX_LENGTH} placeholder="e.g. R on my laptop" aria-invalid={errors.name ? true : undefined} />
        </label>
        {errors.name ? <p className="form-error">{errors.name.join(' ')}</p> : null}
        <label>Expires after (days, at most {TOKEN_MAX_DAYS})
          <input name="days" type="number" min={1} max={TOKEN_MAX_DAYS} defaultValue={TOKEN_DEFAULT_DAYS} required aria-invalid={errors.days ? true : undefined} />
        </label>
        {errors.days ? <p className="form-error">{errors.days.join(' ')}</p> : null}
        <button type="submit" disabled={pending}>{pending ? 'Making…' : 'Make token'}</button>
        <p role="alert" className="form-error">{message}</p>
      </form>
    </div>
  );
}
