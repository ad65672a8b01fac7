import { describe, expect, it } from 'vitest';
import { dateRangeProblem } from './list-audit-events';

describe('dateRangeProblem (audit viewer: a range that can match nothing is said, not shown as "no events")', () => {
  it('names a "from" after "to"', () => {
    expect(dateRangeProblem({ from: '2025-06-02', to: '2025-06-01' })).toMatch(/"From" \(2025-06-02\) is after "To" \(2025-06-01\)/);
  });
  it('accepts a one-day range, an open range and no range', () => {
    expect(dateRangeProblem({ from: '2025-06-01', to: '2025-06-01' })).toBeNull();
    expect(dateRangeProblem({ from: '2025-06-01' })).toBeNull();
    expect(dateRangeProblem({ to: '2025-06-01' })).toBeNull();
    expect(dateRangeProblem({})).toBeNull();
  });
});
