import { useEffect, useId, useRef, type ReactNode } from "react";

interface ConfirmPanelProps {
  title: string;
  tone?: "normal" | "danger";
  children: ReactNode;
  /** Buttons (and any field) that confirm or cancel. */
  actions: ReactNode;
}

/**
 * An inline confirmation step. It takes focus when it opens, so keyboard and screen-reader
 * users hear what will be lost before the confirm button, instead of a modal that traps them.
 */
export function ConfirmPanel({ title, tone = "normal", children, actions }: ConfirmPanelProps) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section
      className={`confirm-panel${tone === "danger" ? " confirm-panel--danger" : ""}`}
      aria-labelledby={id}
    >
      <h3 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {children}
      <div className="button-row">{actions}</div>
    </section>
  );
}
