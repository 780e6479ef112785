import type { ReactNode } from "react";

interface AlertProps {
  tone: "error" | "info" | "success";
  title?: string;
  children: ReactNode;
}

/**
 * A message box. Errors use role="alert" (announced at once); information uses role="status"
 * (announced politely), so a session-expired note does not interrupt whatever is being read.
 */
export function Alert({ tone, title, children }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {title && <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}
