// Names for the shapes the client uses, derived from the generated `paths` (not from component
// names) so a renamed Pydantic model on the server does not ripple through the client.
import type { paths } from "./schema";
import type { BodyOf, JsonOf } from "../lib/apiTypes";

export type TokenResponse = JsonOf<paths["/v1/auth/login"]["post"]["responses"][200]>;
export type User = TokenResponse["user"];
export type LoginBody = BodyOf<paths["/v1/auth/login"]["post"]>;
export type SignupBody = BodyOf<paths["/v1/auth/signup"]["post"]>;
export type SessionsPage = JsonOf<paths["/v1/sessions"]["get"]["responses"][200]>;
export type SessionSummary = SessionsPage["items"][number];
