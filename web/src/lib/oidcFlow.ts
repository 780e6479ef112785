/**
 * A provider round trip in flight (sign-in, or confirming an account deletion), kept in
 * sessionStorage across the redirect to the provider and back to /login/oidc/callback.
 *
 * The callback page checks the returning `state` against the one kept here (a link someone
 * else started fails), and `purpose` tells it whether to sign in or to turn the provider's
 * answer into a re-authentication proof for the settings page.
 */
export const OIDC_STATE_KEY = "moodlens.oidc.state";
const PURPOSE_KEY = "moodlens.oidc.purpose";
const PROOF_KEY = "moodlens.oidc.reauth-proof";

export type OidcPurpose = "signIn" | "reauth";

export function rememberOidcFlow(state: string, purpose: OidcPurpose): void {
  sessionStorage.setItem(OIDC_STATE_KEY, state);
  sessionStorage.setItem(PURPOSE_KEY, purpose);
}

/** The flow in flight, forgotten as it is read: a state works only once. */
export function takeOidcFlow(): { state: string | null; purpose: OidcPurpose } {
  const state = sessionStorage.getItem(OIDC_STATE_KEY);
  const purpose = sessionStorage.getItem(PURPOSE_KEY) === "reauth" ? "reauth" : "signIn";
  sessionStorage.removeItem(OIDC_STATE_KEY);
  sessionStorage.removeItem(PURPOSE_KEY);
  return { state, purpose };
}

export type ReauthProof = { reauth_proof: string; provider: string; expires_at: string };

export function keepReauthProof(proof: ReauthProof): void {
  sessionStorage.setItem(PROOF_KEY, JSON.stringify(proof));
}

/** The proof the callback kept, while it has not expired (it is forgotten once spent). */
export function readReauthProof(now: Date = new Date()): ReauthProof | null {
  const raw = sessionStorage.getItem(PROOF_KEY);
  if (!raw) return null;
  try {
    const proof = JSON.parse(raw) as ReauthProof;
    if (new Date(proof.expires_at) > now) return proof;
  } catch {
    // Unreadable: treated as no confirmation, and forgotten below.
  }
  forgetReauthProof();
  return null;
}

export function forgetReauthProof(): void {
  sessionStorage.removeItem(PROOF_KEY);
}
