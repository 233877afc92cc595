// A table that may be wider than a phone: it scrolls sideways inside a region the keyboard can
// reach (focusable, named), so nothing is out of reach at 375 px.
import type { ReactNode } from "react";

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
