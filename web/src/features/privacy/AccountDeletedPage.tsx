import { useEffect } from "react";
import { Link, useLocation } from "react-router";
import { paths } from "../../config/paths";
import { PageHeading } from "../../components/PageHeading";
import { useAuth } from "../../lib/services";

function cameFromDeletion(state: unknown): boolean {
  return typeof state === "object" && state !== null && (state as { accountDeleted?: unknown }).accountDeleted === true;
}

/** Where account deletion ends: a public page that finishes the sign-out. */
export function AccountDeletedPage() {
  const { state, session } = useAuth();
  const location = useLocation();
  const signedIn = state.status === "signedIn";
  const fromDeletion = cameFromDeletion(location.state);
  useEffect(() => {
    // Only right after a deletion: visiting this address must not sign anyone out.
    if (fromDeletion && signedIn) void session.logout();
  }, [fromDeletion, signedIn, session]);
  return (
    <div className="page narrow">
      <PageHeading title="Your account is deleted" />
      <p>
        Your account and all its data (sessions, transcripts, scores, recordings and exports) have been removed. You are
        signed out.
      </p>
      <p>
        <Link to={paths.signup}>Create a new account</Link> any time.
      </p>
    </div>
  );
}
