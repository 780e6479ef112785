import { Link, Navigate, useLocation } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { TextField } from "../../components/TextField";
import { useAuth } from "../../lib/services";
import { AuthLayout } from "./AuthLayout";
import type { SignOutReason } from "../../lib/auth/session";
import { useAuthForm } from "./useAuthForm";
import { validateLogin } from "./validation";
import { PasswordVisibility, usePasswordVisibility } from "./PasswordVisibility";
import { redirectTarget } from "./redirect";
import { ProviderButtons } from "./ProviderButtons";

const REASON_TEXT: Record<SignOutReason, { tone: "info" | "success"; text: string }> = {
  expired: { tone: "info", text: "Your session has expired. Please log in again." },
  loggedOut: { tone: "success", text: "You have logged out." },
  loggedOutOffline: {
    tone: "info",
    text:
      "You are logged out on this device. The server could not be reached to end the " +
      "session there; it will expire on its own.",
  },
  otherTab: { tone: "info", text: "You logged out in another tab." },
};

export function LoginPage() {
  const { state, session } = useAuth();
  const location = useLocation();
  const form = useAuthForm({
    fields: ["email", "password"] as const,
    initial: { email: "", password: "" },
    validate: validateLogin,
    submit: (v) => session.login({ email: v.email.trim(), password: v.password }),
  });
  const visibility = usePasswordVisibility();

  if (state.status === "signedIn") return <Navigate to={redirectTarget(location.state)} replace />;
  const reason = state.status === "signedOut" && state.reason ? REASON_TEXT[state.reason] : null;

  return (
    <AuthLayout title="Log in">
      {reason && !form.formError && <Alert tone={reason.tone}>{reason.text}</Alert>}
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
      <ProviderButtons />
      <form className="form" noValidate onSubmit={form.onSubmit} aria-busy={form.submitting}>
        <TextField label="Email" type="email" autoComplete="email" inputMode="email" {...form.field("email")} />
        <TextField
          label="Password"
          type={visibility.shown ? "text" : "password"}
          autoComplete="current-password"
          {...form.field("password")}
        />
        <PasswordVisibility {...visibility} />
        <button type="submit" className="button button--primary" disabled={form.submitting}>
          {form.submitting ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p className="auth-switch">
        New to MoodLens?{" "}
        <Link to={paths.signup} state={location.state}>
          Create an account
        </Link>
      </p>
    </AuthLayout>
  );
}
