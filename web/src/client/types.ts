// Names for the shapes the client uses, derived from the generated `paths` (not from component
// names) so a renamed Pydantic model on the server does not ripple through the client.
import type { paths } from "./schema";

type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;
type BodyOf<Op> = Op extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

export type TokenResponse = JsonOf<paths["/v1/auth/login"]["post"]["responses"][200]>;
export type User = TokenResponse["user"];
export type LoginBody = BodyOf<paths["/v1/auth/login"]["post"]>;
export type SignupBody = BodyOf<paths["/v1/auth/signup"]["post"]>;
export type SessionsPage = JsonOf<paths["/v1/sessions"]["get"]["responses"][200]>;
export type SessionSummary = SessionsPage["items"][number];
