import { describe, expect, it } from 'vitest';
import { characterCountText } from './character-count';

describe('characterCountText', () => {
  it('counts down to the limit, with singular and plural', () => {
    expect(characterCountText(0, 500)).toBe('You have 500 characters remaining');
    expect(characterCountText(499, 500)).toBe('You have 1 character remaining');
    expect(characterCountText(500, 500)).toBe('You have 0 characters remaining');
  });
  it('past the limit only counts: what to do is the schema message, said once at the field', () => {
    expect(characterCountText(501, 500)).toBe('501 of 500 characters');
    expect(characterCountText(523, 500)).toBe('523 of 500 characters');
  });
  it('stays silent below the threshold, then speaks', () => {
    expect(characterCountText(100, 200, 0.75)).toBeNull();
    expect(characterCountText(149, 200, 0.75)).toBeNull();
    expect(characterCountText(150, 200, 0.75)).toBe('You have 50 characters remaining');
  });
});
