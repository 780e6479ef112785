// The report shapes that the report and the progress pages share (the comparison table), derived
// from the generated `paths` like src/client/types.ts. features/reports/types.ts re-exports them.
import type { components, paths } from "../client/schema";
import type { JsonOf } from "./apiTypes";

type Schemas = components["schemas"];

type ReportResponses = paths["/v1/sessions/{session_id}/report"]["get"]["responses"];
/** Every body GET .../report can answer with: 200 ready or failed, 202 building. */
export type ReportBody = JsonOf<ReportResponses[200]> | JsonOf<ReportResponses[202]>;
export type ReportReady = Extract<ReportBody, { status: "ready" }>;

export type DimensionKey = keyof ReportReady["dimensions"] & string;
export type ScoreDelta = Schemas["ScoreDeltaOut"];
export type MetricDelta = Schemas["MetricDeltaOut"];

/** The four rubric dimensions in the order the report shows them (session weights 30/25/25/20). */
export const DIMENSIONS: readonly DimensionKey[] = ["communication", "confidence", "structure", "relevance"];
