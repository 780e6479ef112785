export { formatDateTime } from "../../lib/dates";

export function retentionLabel(days: number | null | undefined): string {
  if (days === null || days === undefined) return "Until I delete them";
  if (days === 365) return "1 year";
  return `${days} days`;
}

/** Plain words for the audit trail's action codes; unknown codes are shown as they are. */
const ACTIONS: Record<string, string> = {
  "consent.accept": "Consent given",
  "privacy.retention_change": "Retention changed",
  "privacy.settings_change": "Privacy settings changed",
  "export.request": "Data export requested",
  "export.ready": "Data export ready",
  "export.download": "Data export downloaded",
  "session.soft_delete": "Session deleted",
  "session.delete_now": "Session deleted for good",
  "session.hard_delete": "Session data removed",
  "recording.upload_start": "Recording upload started",
  "recording.upload_complete": "Recording stored",
  "admin.view_member_data": "Your organization's admin viewed your data",
  "auth.refresh_reuse": "An old sign-in token was used again, so that sign-in was ended",
  "auth.login_locked": "Sign-in paused after too many wrong passwords",
  "account.delete_refused": "Account deletion refused (wrong password)",
  "auth.oidc_link_refused": "Sign-in with a provider refused: it had not verified your email",
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}
