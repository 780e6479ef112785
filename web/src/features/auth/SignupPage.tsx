import { Link, Navigate, useLocation } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { TextField } from "../../components/TextField";
import { useAuth } from "../../lib/services";
import { AuthLayout } from "./AuthLayout";
import { PasswordVisibility, usePasswordVisibility } from "./PasswordVisibility";
import { redirectTarget } from "./redirect";
import { useAuthForm } from "./useAuthForm";
import { MIN_PASSWORD_LENGTH, validateSignup } from "./validation";

export function SignupPage() {
  const { state, session } = useAuth();
  const location = useLocation();
  const form = useAuthForm({
    fields: ["full_name", "email", "password"] as const,
    initial: { full_name: "", email: "", password: "" },
    validate: validateSignup,
    submit: (v) => session.signup({ full_name: v.full_name.trim(), email: v.email.trim(), password: v.password }),
  });
  const visibility = usePasswordVisibility();

  if (state.status === "signedIn") return <Navigate to={redirectTarget(location.state)} replace />;

  return (
    <AuthLayout title="Create your account">
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
      <form className="form" noValidate onSubmit={form.onSubmit} aria-busy={form.submitting}>
        <TextField label="Full name" autoComplete="name" {...form.field("full_name")} />
        <TextField label="Email" type="email" autoComplete="email" inputMode="email" {...form.field("email")} />
        <TextField
          label="Password"
          type={visibility.shown ? "text" : "password"}
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Common passwords are not accepted; a short phrase works well.`}
          {...form.field("password")}
        />
        <PasswordVisibility {...visibility} />
        <button type="submit" className="button button--primary" disabled={form.submitting}>
          {form.submitting ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account?{" "}
        <Link to={paths.login} state={location.state}>
          Log in
        </Link>
      </p>
    </AuthLayout>
  );
}
