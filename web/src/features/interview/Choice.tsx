import { useId, type InputHTMLAttributes } from "react";

/**
 * A checkbox or radio with its label, and a hint read as its description rather than as part of
 * its name (screen readers then say "20 minutes, radio button" before the longer hint).
 */
export function Choice({
  label,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string | undefined }) {
  const id = useId();
  return (
    <label className="choice">
      <input {...input} aria-labelledby={`${id}-label`} aria-describedby={hint ? `${id}-hint` : undefined} />
      <span>
        <span id={`${id}-label`}>{label}</span>
        {hint ? (
          <span id={`${id}-hint`} className="choice__hint">
            {hint}
          </span>
        ) : null}
      </span>
    </label>
  );
}
