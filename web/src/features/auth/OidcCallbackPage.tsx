import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { describeError, unwrap } from "../../lib/apiError";
import { keepReauthProof, takeOidcFlow, type OidcPurpose } from "../../lib/oidcFlow";
import { useApi, useAuth } from "../../lib/services";
import { AuthLayout } from "./AuthLayout";

/**
 * Where the provider sends the browser back: checks the state, then finishes signing in, or,
 * when the round trip confirmed an account deletion, trades the answer for a re-authentication
 * proof and returns to the settings page with it.
 */
export function OidcCallbackPage() {
  const { session } = useAuth();
  const api = useApi();
  const [purpose, setPurpose] = useState<OidcPurpose>("signIn");
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
    const flow = takeOidcFlow();
    const expected = flow.state;
    setPurpose(flow.purpose);
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
    if (flow.purpose === "reauth") {
      // Signed in already: the provider's fresh sign-in only confirms it is this account.
      unwrap(api.POST("/v1/auth/reauth/oidc/finish", { body: { state, code } }))
        .then((proof) => {
          keepReauthProof(proof);
          void navigate(`${paths.settings}#delete-title`, { replace: true });
        })
        .catch((err: unknown) => setError(describeError(err)));
      return;
    }
    session
      .oidcCallback({ state, code })
      .then(() => navigate(paths.home, { replace: true }))
      .catch((err: unknown) => setError(describeError(err)));
  }, [params, session, navigate, api]);

  const reauth = purpose === "reauth";
  return (
    <AuthLayout title={reauth ? "Confirming it is you" : "Signing in"}>
      {error ? (
        <>
          <Alert tone="error" title={reauth ? "Nothing was confirmed" : "Sign-in did not finish"}>
            <p>{error}</p>
          </Alert>
          <p>
            {reauth ? <Link to={paths.settings}>Back to settings</Link> : <Link to={paths.login}>Back to log in</Link>}
          </p>
        </>
      ) : (
        <Loading label={reauth ? "Checking the confirmation…" : "Finishing sign-in…"} />
      )}
    </AuthLayout>
  );
}
