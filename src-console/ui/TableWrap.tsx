import type { ReactNode } from 'react';

/**
 * A table's scrolling box. It can take focus (and is a named region), so a keyboard user can
 * scroll a wide table sideways with the arrow keys.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
