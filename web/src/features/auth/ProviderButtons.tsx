import { useEffect, useState } from "react";
import { Alert } from "../../components/Alert";
import { describeError, unwrap } from "../../lib/apiError";
import { rememberOidcFlow } from "../../lib/oidcFlow";
import { useApi } from "../../lib/services";

/** sessionStorage key of the state of a sign-in in flight, checked on the callback page. */
export { OIDC_STATE_KEY } from "../../lib/oidcFlow";

type Provider = { id: string; name: string };

/** "Continue with <provider>" for each OpenID Connect provider the server has configured. */
export function ProviderButtons() {
  const api = useApi();
  const [providers, setProviders] = useState<Provider[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(api.GET("/v1/auth/providers"))
      .then((r) => live && setProviders(r.items))
      // No provider list means password sign-in only; the form below still works.
      .catch(() => live && setProviders([]));
    return () => {
      live = false;
    };
  }, [api]);

  if (providers.length === 0) return null;

  async function start(provider: Provider) {
    setBusy(provider.id);
    setError(null);
    try {
      const r = await unwrap(api.POST("/v1/auth/oidc/start", { body: { provider: provider.id } }));
      rememberOidcFlow(r.state, "signIn");
      window.location.assign(r.authorization_url);
    } catch (err) {
      setError(describeError(err));
      setBusy(null);
    }
  }

  return (
    <div className="stack auth-providers">
      {error && <Alert tone="error">{error}</Alert>}
      {providers.map((p) => (
        <button key={p.id} type="button" className="button" disabled={busy !== null} onClick={() => void start(p)}>
          {busy === p.id ? `Opening ${p.name}…` : `Continue with ${p.name}`}
        </button>
      ))}
      <p className="auth-providers__or">or with your email</p>
    </div>
  );
}
