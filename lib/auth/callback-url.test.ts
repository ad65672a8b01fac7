import { describe, expect, it } from 'vitest';
import { loginHref, safeCallbackPath } from './callback-url';

describe('safeCallbackPath (no open redirect after login)', () => {
  it('keeps a same-origin path with its query and hash', () => {
    expect(safeCallbackPath('/dashboard/survival?group=sex')).toBe('/dashboard/survival?group=sex');
    expect(safeCallbackPath('/patients/PL-01-005#history')).toBe('/patients/PL-01-005#history');
  });

  it('refuses absolute, protocol-relative, backslash and scheme tricks', () => {
    for (const bad of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', '\\\\evil.example', '/\\/evil.example',
      'javascript:alert(1)', 'evil.example', '', ' /patients', '/\t/evil.example', '/\n/evil.example', 'http:/evil.example',
      '/%0a', '/x'.repeat(2000)]) {
      const safe = safeCallbackPath(bad);
      // Either refused, or (percent-encoded text) still a path on this origin.
      if (safe !== null) expect(safe.startsWith('/') && !safe.startsWith('//')).toBe(true);
      else expect(safe).toBeNull();
    }
    expect(safeCallbackPath('//evil.example/x')).toBeNull();
    expect(safeCallbackPath('/\\evil.example')).toBeNull();
    expect(safeCallbackPath('https://evil.example/x')).toBeNull();
    expect(safeCallbackPath('/\t/evil.example')).toBeNull();
  });

  it('refuses non-strings and the login page itself (no loop)', () => {
    expect(safeCallbackPath(undefined)).toBeNull();
    expect(safeCallbackPath(['/patients'])).toBeNull();
    expect(safeCallbackPath('/login?callbackUrl=/x')).toBeNull();
    expect(safeCallbackPath('/api/auth/signout')).toBeNull();
  });

  it('builds the login link', () => {
    expect(loginHref('/dashboard/survival?group=sex')).toBe('/login?callbackUrl=%2Fdashboard%2Fsurvival%3Fgroup%3Dsex');
    expect(loginHref('//evil.example')).toBe('/login');
    expect(loginHref(null)).toBe('/login');
  });
});
