import { configure, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

vi.setConfig({ testTimeout: 20_000 });
// The page waits for its queries; on a loaded shared machine that can take more than 1 s.
configure({ asyncUtilTimeout: 10_000 });

const SID = "00000000-0000-4000-8000-000000000007";

function session(status: string, timeLeft: number | null = 0) {
  return {
    id: SID,
    status,
    template: {
      id: "10000000-0000-4000-8000-000000000000",
      slug: "sde-behavioral-medium",
      title: "Software engineer, behavioural",
      role_track: "sde",
      round_type: "behavioral",
      difficulty: "medium",
    },
    duration_minutes: 10,
    created_at: "2026-12-01T10:00:00Z",
    started_at: "2026-12-01T10:01:00Z",
    ended_at: status === "completed" ? "2026-12-01T10:05:00Z" : null,
    time_left_s: status === "live" ? timeLeft : null,
    recording_enabled: false,
    content_version: "1",
    consent_version: "1",
    report_status: status === "completed" ? "building" : "none",
  };
}

const building = {
  status: "building",
  session_id: SID,
  progress: { stage: "queued", attempt: 1, max_attempts: 3, percent: 5, last_error: null },
  poll_after_s: 30,
};

function signedInAt(path: string) {
  const ctx = renderApp(path, { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  ctx.api.on(`GET /v1/sessions/${SID}/recording/status`, () =>
    json(404, { error: "RecordingSessionNotFound", detail: "No such session." }),
  );
  return ctx;
}

describe("A session that was never ended", () => {
  it("is offered an end from Home, with why, and opens its report once ended", async () => {
    const { api, user, router } = signedInAt("/");
    let state = "live";
    api.on("GET /v1/sessions", () => json(200, { items: [session(state)], total: 1, page: 1, page_size: 10 }));
    api.on(`POST /v1/sessions/${SID}/end`, () => {
      state = "completed";
      return json(200, session("completed"));
    });
    api.on(`GET /v1/sessions/${SID}/report`, () => json(202, building));

    const item = (await screen.findByRole("heading", { name: "Software engineer, behavioural" })).closest("li")!;
    expect(within(item).queryByText("In progress")).not.toBeInTheDocument();
    const end = within(item).getByRole("button", { name: "End and build report: Software engineer, behavioural" });
    expect(end).toHaveAccessibleDescription(/was not ended: the tab may have been closed, or ending it failed/);
    // No time left: going back is not offered.
    expect(within(item).queryByRole("link", { name: /Go back to the interview/ })).not.toBeInTheDocument();

    end.focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("heading", { name: "Your report is being built" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/sessions/${SID}/report`);
    expect(api.count(`POST /v1/sessions/${SID}/end`)).toBe(1);
  });

  it("says so when ending fails and lets the candidate try again", async () => {
    const { api, user } = signedInAt("/");
    let calls = 0;
    api.on("GET /v1/sessions", () => json(200, { items: [session("live", 120)], total: 1, page: 1, page_size: 10 }));
    api.on(`POST /v1/sessions/${SID}/end`, () => {
      calls += 1;
      return calls === 1
        ? json(503, { error: "ServiceUnavailable", detail: "The database is busy; try again in a moment." })
        : json(200, session("completed"));
    });
    api.on(`GET /v1/sessions/${SID}/report`, () => json(202, building));

    const end = await screen.findByRole("button", { name: /End and build report/ });
    // Time is left: the interview can also be resumed.
    expect(screen.getByRole("link", { name: /Go back to the interview/ })).toHaveAttribute(
      "href",
      `/practice/device-check?session=${SID}`,
    );
    await user.click(end);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The session could not be ended");
    expect(alert).toHaveTextContent("Try again in a moment");
    await user.click(screen.getByRole("button", { name: /End and build report/ }));
    expect(await screen.findByRole("heading", { name: "Your report is being built" })).toBeInTheDocument();
  });

  it("is offered an end on its report page, which then shows the build", async () => {
    const { api, user } = signedInAt(`/sessions/${SID}/report`);
    let ended = false;
    api.on(`GET /v1/sessions/${SID}/report`, () =>
      ended ? json(202, building) : json(409, { error: "SessionNotEnded", detail: "The session is still live." }),
    );
    api.on(`GET /v1/sessions/${SID}`, () => json(200, { ...session(ended ? "completed" : "live"), questions: [] }));
    api.on(`POST /v1/sessions/${SID}/end`, () => {
      ended = true;
      return json(200, session("completed"));
    });

    expect(await screen.findByRole("heading", { name: "No report yet" })).toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: /End and build report/ }));
    expect(await screen.findByRole("heading", { name: "Your report is being built" })).toBeInTheDocument();
  });
});
