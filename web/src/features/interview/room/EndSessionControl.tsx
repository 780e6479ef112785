import { useRef, useState } from "react";
import { ConfirmPanel } from "../../../components/ConfirmPanel";
import { useReturnFocus } from "../../../components/useReturnFocus";

/**
 * "End session" sits next to Pause, so one slip would end the interview: it asks first. The
 * confirmation takes focus; Escape or "Keep practising" closes it and focus returns to the
 * button (the same inline pattern as the confirmations in Settings).
 */
export function EndSessionControl({ onConfirm }: { onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  useReturnFocus(asking, opener);
  if (!asking) {
    return (
      <button ref={opener} type="button" className="button button--danger" onClick={() => setAsking(true)}>
        End session
      </button>
    );
  }
  return (
    <ConfirmPanel
      title="End the interview now?"
      tone="danger"
      onCancel={() => setAsking(false)}
      actions={
        <>
          <button type="button" className="button button--danger" onClick={onConfirm}>
            End and build report
          </button>
          <button type="button" className="button" onClick={() => setAsking(false)}>
            Keep practising
          </button>
        </>
      }
    >
      <p>
        The answers you gave are kept and your report is built from them. This session cannot be continued afterwards.
        The session timer keeps running while you decide.
      </p>
    </ConfirmPanel>
  );
}
