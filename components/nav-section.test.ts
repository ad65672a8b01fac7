import { describe, expect, it } from 'vitest';
import { isCurrentSection } from './nav-section';

describe('isCurrentSection', () => {
  it('is the section itself or any page under it', () => {
    expect(isCurrentSection('/patients', '/patients')).toBe(true);
    expect(isCurrentSection('/patients/PL-01-030/baseline', '/patients')).toBe(true);
    expect(isCurrentSection('/dashboard/survival', '/dashboard')).toBe(true);
    expect(isCurrentSection('/admin/users/3', '/admin/users')).toBe(true);
  });
  it('goes by whole path segments', () => {
    expect(isCurrentSection('/dashboard', '/data')).toBe(false);
    expect(isCurrentSection('/data-export', '/data')).toBe(false);
    expect(isCurrentSection('/admin/centres', '/admin/users')).toBe(false);
    expect(isCurrentSection('/', '/patients')).toBe(false);
  });
});
