import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { paths } from "../../app/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { describeError } from "../../lib/apiError";
import { useAuth } from "./AuthContext";
import { AuthLayout } from "./AuthLayout";
import { OIDC_STATE_KEY } from "./ProviderButtons";

/** Where the provider sends the browser back: checks the state, then finishes signing in. */
export function OidcCallbackPage() {
  const { session } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // Once: React's strict mode mounts twice, and a state works only once on the server.
    if (started.current) return;
    started.current = true;
    const state = params.get("state");
    const code = params.get("code");
    const expected = sessionStorage.getItem(OIDC_STATE_KEY);
    sessionStorage.removeItem(OIDC_STATE_KEY);
    if (params.get("error")) {
      setError(`The provider did not sign you in: ${params.get("error_description") ?? params.get("error")}.`);
      return;
    }
    if (!state || !code) {
      setError("This page needs the provider's answer (code and state); start signing in again.");
      return;
    }
    // The state must be the one this browser started with: a link someone else made fails here.
    if (state !== expected) {
      setError("This sign-in was not started in this browser tab; start signing in again.");
      return;
    }
    session
      .oidcCallback({ state, code })
      .then(() => navigate(paths.home, { replace: true }))
      .catch((err: unknown) => setError(describeError(err)));
  }, [params, session, navigate]);

  return (
    <AuthLayout title="Signing in">
      {error ? (
        <>
          <Alert tone="error" title="Sign-in did not finish">
            <p>{error}</p>
          </Alert>
          <p>
            <Link to={paths.login}>Back to log in</Link>
          </p>
        </>
      ) : (
        <Loading label="Finishing sign-in…" />
      )}
    </AuthLayout>
  );
}
