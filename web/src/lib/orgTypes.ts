// Shapes of the organization endpoints, derived from the generated `paths` like src/client/types.ts.
import type { paths } from "../client/schema";
import type { BodyOf, JsonOf } from "./apiTypes";

export type OrgList = JsonOf<paths["/v1/orgs"]["get"]["responses"][200]>;
export type Org = OrgList["items"][number];
export type InviteBody = BodyOf<paths["/v1/orgs/{org_id}/invites"]["post"]>;
export type Invite = JsonOf<paths["/v1/orgs/{org_id}/invites"]["post"]["responses"][201]>;
export type Membership = JsonOf<paths["/v1/orgs/join"]["post"]["responses"][200]>;
export type Dashboard = JsonOf<paths["/v1/orgs/{org_id}/dashboard"]["get"]["responses"][200]>;
export type Cohort = NonNullable<Dashboard["cohort"]>;
export type MemberRow = Dashboard["members"][number];
export type Scores = NonNullable<MemberRow["average"]>;
export type ScoreKey = keyof Scores;
export type DimensionKey = Exclude<ScoreKey, "overall">;
export type MemberSessions = JsonOf<paths["/v1/orgs/{org_id}/users/{user_id}/sessions"]["get"]["responses"][200]>;
export type MemberSession = MemberSessions["sessions"][number];
export type SharedDetail = NonNullable<MemberSession["shared"]>;
export type SessionShare = JsonOf<paths["/v1/sessions/{session_id}/share"]["get"]["responses"][200]>;
export type SessionShareBody = BodyOf<paths["/v1/sessions/{session_id}/share"]["put"]>;

export const SCORE_KEYS: readonly ScoreKey[] = ["overall", "communication", "confidence", "structure", "relevance"];
export const DIMENSION_KEYS: readonly DimensionKey[] = ["communication", "confidence", "structure", "relevance"];
