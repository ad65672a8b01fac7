import { describe, expect, it } from 'vitest';
import { shownSigner, signerPrintedName } from './signer';

describe('signer names', () => {
  it('prints the display name with the unique e-mail', () => {
    expect(signerPrintedName('Anna Nowak', 'anna@pl01.example')).toBe('Anna Nowak (anna@pl01.example)');
  });

  it('shows a stored printed name as stored, and adds the user id to a name-only signature of before', () => {
    expect(shownSigner('Anna Nowak (anna@pl01.example)', 4)).toBe('Anna Nowak (anna@pl01.example)');
    expect(shownSigner('Anna Nowak', 4)).toBe('Anna Nowak (user #4)');
    expect(shownSigner('Anna Nowak', 5)).not.toBe(shownSigner('Anna Nowak', 4));
  });
});
