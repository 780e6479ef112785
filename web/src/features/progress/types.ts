// Shapes of the progress endpoints, derived from the generated `paths` like src/client/types.ts.
import type { paths } from "../../client/schema";
import type { JsonOf } from "../../lib/apiTypes";

export type Progress = JsonOf<paths["/v1/users/me/progress"]["get"]["responses"][200]>;
export type Insights = JsonOf<paths["/v1/users/me/insights"]["get"]["responses"][200]>;
export type WeeklyPlan = NonNullable<Insights["weekly_plan"]>;
export type PlanDay = WeeklyPlan["days"][number];
export type PlanItem = PlanDay["items"][number];
export type TrendKey = keyof Progress["trends"] & string;
export type Trend = NonNullable<Progress["trends"][TrendKey]>;
export type WeekCount = Progress["sessions_per_week"][number];
export type PracticeProgress = JsonOf<paths["/v1/users/me/practice"]["get"]["responses"][200]>;
