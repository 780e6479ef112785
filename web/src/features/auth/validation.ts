/**
 * Quick checks before a request, so obvious slips get an answer without a round trip. The
 * server stays the authority (e.g. the common-password list); its messages are shown as sent.
 */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export const MIN_PASSWORD_LENGTH = 10;

// Deliberately loose: one "@" with something on each side and a dot in the domain. The server
// does the real validation; this only catches typos like a missing "@".
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkEmail(email: string): string | undefined {
  const value = email.trim();
  if (!value) return "Enter your email address.";
  if (!EMAIL_SHAPE.test(value)) return "Enter an email address like name@example.com.";
  return undefined;
}

export type LoginField = "email" | "password";

export function validateLogin(values: Record<LoginField, string>): FieldErrors<LoginField> {
  const errors: FieldErrors<LoginField> = {};
  const email = checkEmail(values.email);
  if (email) errors.email = email;
  if (!values.password) errors.password = "Enter your password.";
  return errors;
}

export type SignupField = "full_name" | "email" | "password";

export function validateSignup(values: Record<SignupField, string>): FieldErrors<SignupField> {
  const errors: FieldErrors<SignupField> = {};
  if (!values.full_name.trim()) errors.full_name = "Enter your name.";
  const email = checkEmail(values.email);
  if (email) errors.email = email;
  if (!values.password) errors.password = "Choose a password.";
  else if (values.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  return errors;
}

export function hasErrors(errors: Partial<Record<string, string>>): boolean {
  return Object.values(errors).some(Boolean);
}
