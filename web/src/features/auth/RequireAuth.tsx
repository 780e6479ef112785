import { Navigate, Outlet, useLocation } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { useAuth } from "../../lib/services";

/** Renders the signed-in pages, or explains why it cannot yet. */
export function RequireAuth() {
  const { state, session } = useAuth();
  const location = useLocation();

  switch (state.status) {
    case "signedIn":
      return <Outlet />;
    case "restoring":
      return <Loading label="Restoring your session…" />;
    case "unreachable":
      return (
        <div className="narrow">
          <Alert tone="error" title="MoodLens could not be reached">
            <p>Your session is kept on this device. Check your connection, then try again.</p>
          </Alert>
          <button type="button" className="button button--primary" onClick={() => void session.restore()}>
            Try again
          </button>
        </div>
      );
    case "signedOut":
      return <Navigate to={paths.login} replace state={{ from: location.pathname + location.search }} />;
  }
}

/** Login and signup: wait for a stored session to be restored before offering them. */
export function GuestOnly() {
  const { state } = useAuth();
  if (state.status === "restoring") return <Loading label="Restoring your session…" />;
  return <Outlet />;
}
