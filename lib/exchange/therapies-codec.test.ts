import { describe, expect, it } from 'vitest';
import { decodeTherapies, encodeTherapies } from './therapies-codec';

describe('subsequentTherapies cell', () => {
  it('a regimen ending in " from" keeps its response (the round-trip property test\'s counterexample)', () => {
    const list = [{ regimen: "' from", response: 'PR', startDate: null }, { regimen: 'R-CHOP', response: null, startDate: '2019-06-01' }];
    expect(decodeTherapies(encodeTherapies(list))).toEqual({ therapies: list, errors: [] });
  });
  it('a start date that is not one is still taken as the date (and refused by the date check), not folded into the regimen', () => {
    expect(decodeTherapies('R-CHOP (PR) from 2019-6-1').therapies).toEqual([{ regimen: 'R-CHOP', response: 'PR', startDate: '2019-6-1' }]);
  });
});
