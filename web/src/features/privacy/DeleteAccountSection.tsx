import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { paths } from "../../app/paths";
import { Alert } from "../../components/Alert";
import { TextField } from "../../components/TextField";
import { useReturnFocus } from "../../components/useReturnFocus";
import { describeError } from "../../lib/apiError";
import { isWrongPassword, useDeleteAccount } from "./api";
import { ConfirmPanel } from "../../components/ConfirmPanel";

/** "Delete all my data": says exactly what goes, then asks for the password again. */
export function DeleteAccountSection() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  useReturnFocus(open, opener);
  return (
    <section className="card settings-section danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete my account and all my data</h2>
      <p className="settings-section__lead">Everything is removed at once and cannot be recovered.</p>
      {open ? (
        <DeleteForm onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" className="button button--danger" onClick={() => setOpen(true)} ref={opener}>
          Delete my account…
        </button>
      )}
    </section>
  );
}

function DeleteForm({ onCancel }: { onCancel: () => void }) {
  const remove = useDeleteAccount();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setFieldError("Enter your password to confirm.");
      return;
    }
    setFieldError(undefined);
    remove.mutate(password, {
      onSuccess: () => {
        // The next page signs out once it is on screen: signing out here, while this page is
        // still under the auth guard, would bounce to the login page instead.
        void navigate(paths.accountDeleted, { replace: true, state: { accountDeleted: true } });
      },
      onError: (err) => {
        if (isWrongPassword(err)) setFieldError(describeError(err));
      },
    });
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-busy={remove.isPending}>
      <ConfirmPanel
        title="This deletes everything, for good"
        tone="danger"
        onCancel={remove.isPending ? undefined : onCancel}
        actions={
          <>
            <button type="submit" className="button button--danger" disabled={remove.isPending}>
              {remove.isPending ? "Deleting…" : "Delete my account and data"}
            </button>
            <button type="button" className="button" onClick={onCancel} disabled={remove.isPending}>
              Keep my account
            </button>
          </>
        }
      >
        <p>You will lose:</p>
        <ul className="lost-list">
          <li>all practice sessions, with their questions, transcripts, scores and recommendations</li>
          <li>the numbers captured during sessions, and every recording</li>
          <li>reports and data exports, including downloads not yet used</li>
          <li>
            your consents, privacy settings and organization memberships (an institute you alone own passes to
            its longest-standing admin, else member, or is deleted if nobody else is in it)
          </li>
          <li>your account: you are signed out everywhere; the email can be used to sign up again</li>
        </ul>
        <p>Want a copy? Download your data above before you continue.</p>
        <TextField
          name="password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          error={fieldError}
          onChange={(e) => setPassword(e.target.value)}
        />
        {remove.isError && !isWrongPassword(remove.error) && (
          <Alert tone="error">{describeError(remove.error)}</Alert>
        )}
      </ConfirmPanel>
    </form>
  );
}
