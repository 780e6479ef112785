// Helpers that name the shapes of the generated OpenAPI `paths` (src/client/schema.d.ts), so a
// feature writes `JsonOf<paths["/v1/x"]["get"]["responses"][200]>` instead of the schema's names.

/** The JSON body of a response (or request body) object of the generated schema. */
export type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON request body of an operation. */
export type BodyOf<Op> = Op extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
