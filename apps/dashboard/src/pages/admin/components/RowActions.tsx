import type { ReactNode } from 'react';

/**
 * The buttons at the end of a row. Clicks and keys stay here so a clickable row does not also open
 * when one of its buttons is pressed.
 */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <div
      className="flex justify-end gap-1"
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      role="presentation"
    >
      {children}
    </div>
  );
}
