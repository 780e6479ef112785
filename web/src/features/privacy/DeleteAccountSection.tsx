import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { TextField } from "../../components/TextField";
import { useReturnFocus } from "../../components/useReturnFocus";
import { describeError } from "../../lib/apiError";
import { forgetReauthProof, readReauthProof, type ReauthProof } from "../../lib/oidcFlow";
import { isWrongPassword, useDeleteAccount, useReauthMethods, useStartProviderConfirmation } from "./api";
import { ConfirmPanel } from "../../components/ConfirmPanel";

/**
 * "Delete all my data": says exactly what goes, then asks the owner to confirm: with the
 * password, or (an account made through a provider has none) with a fresh sign-in there.
 */
export function DeleteAccountSection() {
  // Back from the provider with a confirmation: the deletion step is open at once.
  const [proof, setProof] = useState<ReauthProof | null>(() => readReauthProof());
  const [open, setOpen] = useState(proof !== null);
  const opener = useRef<HTMLButtonElement>(null);
  useReturnFocus(open, opener);
  return (
    <section className="card settings-section danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete my account and all my data</h2>
      <p className="settings-section__lead">Everything is removed at once and cannot be recovered.</p>
      {open ? (
        <DeleteForm
          proof={proof}
          onCancel={() => {
            forgetReauthProof();
            setProof(null);
            setOpen(false);
          }}
        />
      ) : (
        <button type="button" className="button button--danger" onClick={() => setOpen(true)} ref={opener}>
          Delete my account…
        </button>
      )}
    </section>
  );
}

function DeleteForm({ proof: returnedWith, onCancel }: { proof: ReauthProof | null; onCancel: () => void }) {
  const [proof, setProof] = useState(returnedWith);
  const remove = useDeleteAccount();
  const methods = useReauthMethods();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  // Only an account the server says has no password confirms with a provider; until it has
  // answered (or if it cannot), the password field shows and the server explains a refusal.
  const withProvider = proof !== null || methods.data?.password === false;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (withProvider && proof === null) return;
    if (!withProvider && !password) {
      setFieldError("Enter your password to confirm.");
      return;
    }
    setFieldError(undefined);
    const confirmation = proof !== null ? { reauth_proof: proof.reauth_proof } : { password };
    remove.mutate(confirmation, {
      onSettled: () => {
        // A proof works once, whatever the answer: a refusal needs a new confirmation.
        if (proof !== null) {
          forgetReauthProof();
          setProof(null);
        }
      },
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
            <button
              type="submit"
              className="button button--danger"
              disabled={remove.isPending || (withProvider && proof === null)}
            >
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
            your consents, privacy settings and organization memberships (an institute you alone own passes to its
            longest-standing admin, else member, or is deleted if nobody else is in it)
          </li>
          <li>your account: you are signed out everywhere; the email can be used to sign up again</li>
        </ul>
        <p>Want a copy? Download your data above before you continue.</p>
        {withProvider ? (
          <ProviderConfirmation proof={proof} providers={methods.data?.providers ?? []} />
        ) : (
          <TextField
            name="password"
            label="Your password"
            type="password"
            autoComplete="current-password"
            value={password}
            error={fieldError}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
        {remove.isError && (withProvider || !isWrongPassword(remove.error)) && (
          <Alert tone="error">{describeError(remove.error)}</Alert>
        )}
      </ConfirmPanel>
    </form>
  );
}

/** An account without a password confirms by signing in again at a provider it is linked to. */
function ProviderConfirmation({
  proof,
  providers,
}: {
  proof: ReauthProof | null;
  providers: { id: string; name: string }[];
}) {
  const start = useStartProviderConfirmation();
  if (proof !== null) {
    const name = providers.find((p) => p.id === proof.provider)?.name ?? proof.provider;
    return (
      <Alert tone="info" title={`Confirmed with ${name}`}>
        <p>You signed in again just now. The confirmation lasts a few minutes and works once.</p>
      </Alert>
    );
  }
  if (providers.length === 0) {
    return (
      <Alert tone="error">
        This account has no password and none of its sign-in providers is available here, so it cannot confirm the
        deletion now. Try again later.
      </Alert>
    );
  }
  return (
    <div className="stack">
      <p>Your account signs in with a provider. Confirm it is you by signing in there again.</p>
      {providers.map((p) => (
        <button
          key={p.id}
          type="button"
          className="button"
          disabled={start.isPending}
          onClick={() => start.mutate(p.id)}
        >
          {start.isPending && start.variables === p.id ? `Opening ${p.name}…` : `Confirm with ${p.name}`}
        </button>
      ))}
      {start.isError && <Alert tone="error">{describeError(start.error)}</Alert>}
    </div>
  );
}
