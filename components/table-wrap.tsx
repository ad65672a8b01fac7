import type { ReactNode } from 'react';

/**
 * The box a wide table scrolls sideways in (.table-wrap; on a phone most tables do). A box that
 * scrolls must be reachable by keyboard, or its hidden columns can only be seen with a mouse or a
 * finger (WCAG 2.1.1; axe's scrollable-region-focusable): so it takes focus (arrow keys then scroll
 * it) and is a region named after its table, which is what a screen reader announces on arriving.
 * Named by `label`, or by the element `labelledBy` points at (the card's heading).
 */
export function TableWrap({ label, labelledBy, children }: { label?: string; labelledBy?: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-label={labelledBy ? undefined : label} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
