import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { demoInsights, demoProgress } from "./testing/demoProgress";

const emptyProgress = {
  session_count: 0,
  labels: demoProgress.labels,
  trends: {},
  sessions_per_week: [],
  avg_sessions_per_week_4w: 0,
  improvement_after_3: null,
  improvement_since_first: null,
  versions: [],
  sessions: [],
  latest_comparison: null,
};

const emptyInsights = {
  session_count: 0,
  latest_session_id: null,
  daily_minutes: 20,
  weak_areas: [],
  weekly_plan: null,
};

const noRetries = { sessions: [], retries_total: 0 };
const S2 = demoProgress.sessions[1]!.session_id;
const S4 = demoProgress.sessions[3]!.session_id;
const someRetries = {
  retries_total: 3,
  sessions: [
    { session_id: S4, retries: 2, first_attempt_overall: 71.24, best_attempt_overall: 80.5 },
    { session_id: S2, retries: 1, first_attempt_overall: null, best_attempt_overall: null },
  ],
};

function openProgress(
  progress: unknown = demoProgress,
  insights: unknown = demoInsights,
  practice: () => Response = () => json(200, noRetries),
) {
  const ctx = renderApp("/progress", { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  ctx.api.on("GET /v1/users/me/progress", () => json(200, progress));
  ctx.api.on("GET /v1/users/me/insights", () => json(200, insights));
  ctx.api.on("GET /v1/users/me/practice", practice);
  return ctx;
}

const ITEM = "2026-11-25-0-star-skeleton";
const doneBody = (done: boolean) => ({ item_id: ITEM, done, done_at: done ? "2026-11-25T12:00:00Z" : null });

describe("Progress dashboard", () => {
  it("shows a new user an empty state with a call to action", async () => {
    openProgress(emptyProgress, emptyInsights);

    expect(
      await screen.findByRole("heading", { level: 2, name: "Your progress starts with your first session" }),
    ).toBeInTheDocument();
    // The setup page exists now (issue 5), so the call to action starts a session.
    expect(screen.getByRole("link", { name: "Start a practice session" })).toHaveAttribute("href", "/practice/new");
    expect(screen.queryByRole("heading", { name: "Your plan for this week" })).toBeNull();
  });

  it("shows trends, weekly rhythm, the change after three sessions and N against N-1", async () => {
    openProgress();

    expect(await screen.findByRole("heading", { name: "Scores over your sessions" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /Chart of your scores over 4 sessions/ })).toBeInTheDocument();
    const legend = screen.getByRole("list", { name: "Lines in the chart" });
    expect(within(legend).getByText("Delivery")).toBeInTheDocument();
    expect(within(legend).queryByText(/confidence/i)).toBeNull();

    const change = screen.getByRole("heading", { name: "Change after three sessions" }).closest("section")!;
    expect(change).toHaveTextContent("Relevance +26.0");

    expect(screen.getByText("Week of Oct 26", { exact: false })).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Session 4 against session 3" });
    expect(within(table).getByRole("row", { name: /Overall 84 73 \+10\.7/ })).toBeInTheDocument();

    const focus = screen.getByRole("heading", { name: "Where to focus" }).closest("section")!;
    expect(within(focus).getAllByRole("listitem")[0]).toHaveTextContent("Structure61");
  });

  it("checks a drill off and undoes it", async () => {
    const { api, user } = openProgress();
    api.on(`POST /v1/users/me/plan/items/${ITEM}/done`, () => json(200, doneBody(true)));
    api.on(`DELETE /v1/users/me/plan/items/${ITEM}/done`, () => json(200, doneBody(false)));

    const plan = (await screen.findByRole("heading", { name: "Your plan for this week" })).closest("section")!;
    expect(within(plan).getByText("Today")).toBeInTheDocument();
    expect(plan).toHaveTextContent("0 of 5 drills done");
    const box = within(plan).getAllByRole("checkbox", { name: "STAR skeleton in four lines" })[0]!;
    expect(box).not.toBeChecked();

    await user.click(box);

    expect(box).toBeChecked();
    expect(plan).toHaveTextContent("1 of 5 drills done");
    await waitFor(() => expect(api.count(`POST /v1/users/me/plan/items/${ITEM}/done`)).toBe(1));

    await user.click(box);

    expect(box).not.toBeChecked();
    await waitFor(() => expect(api.count(`DELETE /v1/users/me/plan/items/${ITEM}/done`)).toBe(1));
    expect(plan).toHaveTextContent("0 of 5 drills done");
  });

  it("undoes the check-off and says so when the server refuses it", async () => {
    const { api, user } = openProgress();
    api.on(`POST /v1/users/me/plan/items/${ITEM}/done`, () =>
      json(404, { error: "PlanItemNotFound", detail: "This plan item is no longer in your plan." }),
    );

    const plan = (await screen.findByRole("heading", { name: "Your plan for this week" })).closest("section")!;
    const box = within(plan).getAllByRole("checkbox", { name: "STAR skeleton in four lines" })[0]!;
    await user.click(box);

    expect(await within(plan).findByRole("alert")).toHaveTextContent("This plan item is no longer in your plan.");
    expect(box).not.toBeChecked();
    expect(plan).toHaveTextContent("0 of 5 drills done");
  });

  it("shows the retries: their count, and per session the first against the best attempt", async () => {
    openProgress(demoProgress, demoInsights, () => json(200, someRetries));

    const section = (await screen.findByRole("heading", { name: "Answered again" })).closest("section")!;
    expect(await within(section).findByText(/3 retries in 2 sessions/)).toBeInTheDocument();
    const table = within(section).getByRole("table", { name: "Retries per session, most recent retry first" });
    const [, latest, older] = within(table).getAllByRole("row");
    expect(latest).toHaveTextContent(/Software Engineer.*2\s*71\s*81\s*\+9\.3/);
    expect(within(latest!).getByRole("link")).toHaveAttribute("href", `/sessions/${S4}/report`);
    // Scores the server could not compute are said so, not shown as 0.
    expect(older).toHaveTextContent(/1\s*not scored\s*not scored\s*–/);
  });

  it("says when there are no retries yet, and when they could not be loaded", async () => {
    const first = openProgress();
    const section = (await screen.findByRole("heading", { name: "Answered again" })).closest("section")!;
    expect(await within(section).findByText(/No retries yet/)).toBeInTheDocument();
    first.unmount();

    openProgress(demoProgress, demoInsights, () => json(500, { error: "Internal", detail: "The database is down." }));
    const failed = (await screen.findByRole("heading", { name: "Answered again" })).closest("section")!;
    expect(await within(failed).findByRole("alert")).toHaveTextContent("Your retries could not be loaded");
    // The rest of the page still shows.
    expect(screen.getByRole("heading", { name: "Scores over your sessions" })).toBeInTheDocument();
  });
});
