// Shapes of the report endpoints, derived from the generated `paths` like src/client/types.ts,
// so a renamed Pydantic model on the server does not ripple through the client.
import type { components, paths } from "../../client/schema";
import type { JsonOf } from "../../lib/apiTypes";

type Schemas = components["schemas"];

type ReportResponses = paths["/v1/sessions/{session_id}/report"]["get"]["responses"];
/** Every body GET .../report can answer with: 200 ready or failed, 202 building. */
export type ReportBody = JsonOf<ReportResponses[200]> | JsonOf<ReportResponses[202]>;
export type ReportReady = Extract<ReportBody, { status: "ready" }>;
export type ReportBuilding = Extract<ReportBody, { status: "building" }>;
export type ReportFailed = Extract<ReportBody, { status: "failed" }>;

export type DimensionKey = keyof ReportReady["dimensions"] & string;
export type Dimension = Schemas["DimensionOut"];
export type Factor = Schemas["FactorOut"];
export type Score = Schemas["ScoreOut"];
export type Answer = Schemas["AnswerOut"];
export type Segment = Schemas["SegmentOut"];
export type ReportEvent = Schemas["EventOut"];
export type Timeline = Schemas["TimelineOut"];
export type Comparison = Schemas["ComparisonOut"];
export type ScoreDelta = Schemas["ScoreDeltaOut"];
export type MetricDelta = Schemas["MetricDeltaOut"];
export type Drill = Schemas["DrillOut"];
export type Highlight = Schemas["HighlightOut"];

export type ExportType = NonNullable<
  paths["/v1/sessions/{session_id}/export"]["post"]["requestBody"]
>["content"]["application/json"]["export_type"];
export type RecordingStatus = JsonOf<paths["/v1/sessions/{session_id}/recording/status"]["get"]["responses"][200]>;

/** The four rubric dimensions in the order the report shows them (session weights 30/25/25/20). */
export const DIMENSIONS: readonly DimensionKey[] = ["communication", "confidence", "structure", "relevance"];
