// Shapes of the privacy endpoints, derived from the generated `paths` like src/client/types.ts.
import type { paths } from "../client/schema";
import type { JsonOf } from "./apiTypes";

export type ConsentText = JsonOf<paths["/v1/consents/current"]["get"]["responses"][200]>;
export type ConsentList = JsonOf<paths["/v1/users/me/consents"]["get"]["responses"][200]>;
export type ConsentRecord = ConsentList["items"][number];
export type PrivacySettings = JsonOf<paths["/v1/users/me/privacy"]["get"]["responses"][200]>;
export type PrivacySettingsBody = JsonOf<NonNullable<paths["/v1/users/me/privacy"]["put"]["requestBody"]>>;
export type ExportInfo = JsonOf<paths["/v1/exports/{export_id}"]["get"]["responses"][200]>;
export type AuditPage = JsonOf<paths["/v1/users/me/audit"]["get"]["responses"][200]>;
export type AuditEntry = AuditPage["items"][number];
export type RetentionDays = PrivacySettingsBody["retention_days"];
