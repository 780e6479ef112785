import { useEffect, useId, useRef, type ReactNode } from "react";
import "./confirmPanel.css";

interface ConfirmPanelProps {
  title: string;
  tone?: "normal" | "danger";
  children: ReactNode;
  /** Buttons (and any field) that confirm or cancel. */
  actions: ReactNode;
  /** What the cancel button does; Escape anywhere in the panel does it too. */
  onCancel?: () => void;
}

/**
 * An inline confirmation step. It takes focus when it opens, so keyboard and screen-reader
 * users hear what will be lost before the confirm button, instead of a modal that traps them.
 * Escape cancels (given `onCancel`); the caller returns focus to its opener (useReturnFocus).
 */
export function ConfirmPanel({ title, tone = "normal", children, actions, onCancel }: ConfirmPanelProps) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section
      className={`confirm-panel${tone === "danger" ? " confirm-panel--danger" : ""}`}
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === "Escape" && onCancel) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h3 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {children}
      <div className="button-row">{actions}</div>
    </section>
  );
}
