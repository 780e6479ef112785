import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

const emptyPage = { items: [], total: 0, page: 1, page_size: 10 };

function assignment(overrides: Record<string, unknown> = {}) {
  return {
    id: "a1a1a1a1-0000-4000-8000-000000000001",
    organization_id: "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3",
    organization_name: "Placement Cell",
    group_id: null,
    group_name: "Batch 2027",
    title: "Mock before placements",
    template_id: "t1",
    role_track: "sde",
    round_type: "behavioral",
    difficulty: "medium",
    template_title: "Behavioral round",
    duration_minutes: 10,
    due_at: "2030-01-10T12:00:00Z",
    max_attempts: 2,
    camera_required: true,
    created_at: "2029-12-01T12:00:00Z",
    attempts_used: 0,
    attempts_left: 2,
    status: "open",
    can_start: true,
    sessions: [],
    ...overrides,
  };
}

function signedInHome() {
  const ctx = renderApp("/", { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  ctx.api.on("GET /v1/sessions", () => json(200, emptyPage));
  return ctx;
}

describe("Home: assignments", () => {
  it("lists assignments with due date, attempts and camera, and starts one", async () => {
    const { api, user, router } = signedInHome();
    api.on("GET /v1/assignments", () =>
      json(200, {
        items: [assignment(), assignment({ id: "a2", title: "Old one", status: "expired", can_start: false })],
      }),
    );
    api.on("POST /v1/assignments/a1a1a1a1-0000-4000-8000-000000000001/start", () =>
      json(201, { id: "5e55e55e-0000-4000-8000-000000000009" }),
    );
    const items = await screen.findAllByTestId("assignment");
    expect(items).toHaveLength(2);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(first).toHaveTextContent("Mock before placements");
    expect(first).toHaveTextContent("2 of 2 attempts left");
    expect(first).toHaveTextContent("camera required");
    expect(second).toHaveTextContent("Past due");
    expect(within(second).queryByRole("button", { name: "Start" })).toBeNull();

    await user.click(within(first).getByRole("button", { name: "Start" }));
    await expect.poll(() => router.state.location.search).toContain("session=5e55e55e");
  });

  it("says why an assignment could not start", async () => {
    const { api, user } = signedInHome();
    api.on("GET /v1/assignments", () => json(200, { items: [assignment()] }));
    api.on("POST /v1/assignments/a1a1a1a1-0000-4000-8000-000000000001/start", () =>
      json(409, { error: "AttemptsUsedUp", detail: "You have started it 2 times, which is every attempt it allows." }),
    );
    await user.click(await screen.findByRole("button", { name: "Start" }));
    expect(await screen.findByText(/every attempt it allows/)).toBeInTheDocument();
  });
});
