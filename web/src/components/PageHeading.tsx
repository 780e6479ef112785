import { useEffect, useRef, type ReactNode } from "react";

let firstPage = true;

/**
 * The page's h1. It also sets the document title and, after client-side navigation, takes
 * focus, so keyboard and screen-reader users land at the start of the new page instead of on
 * a link that no longer exists. The first page of a visit keeps the browser's own focus.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · MoodLens Interview Coach`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children ?? title}
    </h1>
  );
}
