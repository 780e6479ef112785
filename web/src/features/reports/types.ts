// Shapes of the report endpoints, derived from the generated `paths` like src/client/types.ts,
// so a renamed Pydantic model on the server does not ripple through the client.
import type { components, paths } from "../../client/schema";
import type { JsonOf } from "../../lib/apiTypes";

type Schemas = components["schemas"];

export { DIMENSIONS } from "../../lib/reportTypes";
export type { DimensionKey, MetricDelta, ReportBody, ReportReady, ScoreDelta } from "../../lib/reportTypes";
import type { ReportBody } from "../../lib/reportTypes";

export type ReportBuilding = Extract<ReportBody, { status: "building" }>;
export type ReportFailed = Extract<ReportBody, { status: "failed" }>;

export type Dimension = Schemas["DimensionOut"];
export type Factor = Schemas["FactorOut"];
export type Score = Schemas["ScoreOut"];
export type Answer = Schemas["AnswerOut"];
export type Segment = Schemas["SegmentOut"];
export type ReportEvent = Schemas["EventOut"];
export type Timeline = Schemas["TimelineOut"];
export type Comparison = Schemas["ComparisonOut"];
export type Drill = Schemas["DrillOut"];
export type Highlight = Schemas["HighlightOut"];

export type ExportType = NonNullable<
  paths["/v1/sessions/{session_id}/export"]["post"]["requestBody"]
>["content"]["application/json"]["export_type"];
export type RecordingStatus = JsonOf<paths["/v1/sessions/{session_id}/recording/status"]["get"]["responses"][200]>;
