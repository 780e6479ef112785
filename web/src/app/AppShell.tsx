import { useState } from "react";
import { Link, Outlet, useNavigate } from "react-router";
import { useAuth } from "../lib/services";
import { paths } from "../config/paths";

/** Header, main landmark and footer around every page. */
export function AppShell() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to={paths.home} className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">MoodLens Interview Coach</span>
          </Link>
          <UserMenu />
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>MoodLens Interview Coach · open source · privacy first</p>
      </footer>
    </div>
  );
}

function UserMenu() {
  const { state, session } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  if (state.status !== "signedIn") return null;

  const logout = async () => {
    setBusy(true);
    try {
      await session.logout();
    } finally {
      setBusy(false);
    }
    void navigate(paths.login, { replace: true });
  };

  return (
    <nav className="user-menu" aria-label="Account">
      <span className="user-menu__name">
        <span className="visually-hidden">Signed in as </span>
        {state.user.full_name}
      </span>
      <Link to={paths.progress} className="button button--quiet">
        Progress
      </Link>
      <Link to={paths.institute} className="button button--quiet">
        Institute
      </Link>
      <Link to={paths.settings} className="button button--quiet">
        Privacy and data
      </Link>
      <button type="button" className="button button--quiet" onClick={() => void logout()} disabled={busy}>
        {busy ? "Logging out…" : "Log out"}
      </button>
    </nav>
  );
}
