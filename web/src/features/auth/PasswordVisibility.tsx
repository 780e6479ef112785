import { useId, useState } from "react";

export function usePasswordVisibility() {
  const [shown, setShown] = useState(false);
  return { shown, setShown };
}

/** A real checkbox rather than an icon button: labelled, keyboard operable, state announced. */
export function PasswordVisibility({ shown, setShown }: { shown: boolean; setShown: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
      <label htmlFor={id}>Show password</label>
    </div>
  );
}
