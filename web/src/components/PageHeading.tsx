import { useEffect, useRef, type ReactNode } from "react";

let firstPage = true;

/**
 * The page's h1. It also sets the document title and, after client-side navigation, takes
 * focus, so keyboard and screen-reader users land at the start of the new page instead of on
 * a link that no longer exists. The first page of a visit keeps the browser's own focus.
 *
 * Focus follows what the heading shows, not the document title: the report page renames the
 * tab when the report becomes ready under the same "Session report" heading, and that must
 * not pull focus back to the top from wherever the keyboard user has got to. A heading that
 * changes what it says (the room's "Session ended") is a new step and takes focus.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const shown = typeof children === "string" ? children : title;
  useEffect(() => {
    document.title = `${title} · MoodLens Interview Coach`;
  }, [title]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, [shown]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children ?? title}
    </h1>
  );
}
