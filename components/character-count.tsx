/**
 * How much room is left in a limited free-text field, said in words next to the field (the GOV.UK
 * "character count" pattern). The control itself carries no maxLength: a browser's maxLength cuts
 * pasted text silently, so a long "other reason" lost its end without anyone noticing. Instead the
 * count turns into an error style past the limit and the shared zod schema refuses the save with a
 * message, so nothing is cut and nothing too long is stored.
 *
 * Past the limit the count only counts ("510 of 500 characters"): what to do is said once, by the
 * schema's message in the field's error ("Use at most 500 characters."), not a second time here.
 */

/** The sentence shown under the field, or null while the text is below the threshold. */
export function characterCountText(length: number, max: number, threshold = 0): string | null {
  if (length < Math.floor(max * threshold)) return null;
  const left = max - length;
  const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  return left >= 0 ? `You have ${chars(left)} remaining` : `${length} of ${chars(max)}`;
}

/**
 * `id` is the element the control's aria-describedby names (for CRF fields the Field hint id), so
 * screen readers hear the count; aria-live="polite" announces changes without interrupting typing.
 * `threshold` (0–1) hides the count until that share of the limit is used, for short fields.
 */
export function CharacterCount({ id, length, max, threshold = 0 }: { id?: string; length: number; max: number; threshold?: number }) {
  const text = characterCountText(length, max, threshold);
  return (
    <span id={id} className={length > max ? 'field-error character-count' : 'muted character-count'} aria-live="polite"
      data-testid={id ? `${id}-count` : undefined}>
      {text ?? ''}
    </span>
  );
}
