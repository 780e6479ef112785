import { act, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { REFRESH_TOKEN_KEY } from "../../lib/auth/tokenStorage";

const emptyPage = { items: [], total: 0, page: 1, page_size: 10 };

function signedInAt(path: string) {
  const ctx = renderApp(path, { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  return ctx;
}

describe("Home: your sessions", () => {
  it("shows an empty state with an honest call to action", async () => {
    const { api } = signedInAt("/");
    api.on("GET /v1/sessions", () => json(200, emptyPage));

    expect(await screen.findByRole("heading", { level: 2, name: "No practice sessions yet" })).toBeInTheDocument();
    const cta = screen.getByRole("link", { name: "Start a practice session" });
    expect(cta).toHaveAttribute("href", "/practice/new");
    expect(cta).toHaveAccessibleDescription(/Takes 10 to 30 minutes/);
    expect(screen.getByRole("heading", { level: 1, name: "Your sessions" })).toBeInTheDocument();
  });

  it("shows loading while the list is on its way", async () => {
    const { api } = signedInAt("/");
    api.on("GET /v1/sessions", () => new Promise<Response>(() => {}));

    expect(await screen.findByText("Loading your sessions…")).toBeInTheDocument();
  });

  it("shows an error with a retry that works", async () => {
    const { api, user } = signedInAt("/");
    let calls = 0;
    api.on("GET /v1/sessions", () => {
      calls += 1;
      return calls === 1
        ? json(500, { error: "InternalError", detail: "Something went wrong on our side; it is logged." })
        : json(200, emptyPage);
    });

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("Your sessions could not be loaded")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByText("No practice sessions yet")).toBeInTheDocument();
  });

  it("sends a signed-out visitor to the login page", async () => {
    renderApp("/");

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
  });

  it("returns to login with a message when the session ends for good", async () => {
    const { api } = renderApp("/", { storedRefresh: "stored-refresh-token" });
    let refreshes = 0;
    api.on("POST /v1/auth/refresh", () => {
      refreshes += 1;
      // The first refresh restores the session; the token family is then revoked.
      return refreshes === 1
        ? json(200, tokens())
        : json(401, { error: "InvalidRefreshToken", detail: "This session has ended; sign in again." });
    });
    api.on("GET /v1/sessions", () => json(401, { error: "Unauthorized", detail: "Token expired" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your session has expired. Please log in again.");
  });

  it("logs out and shows a confirmation", async () => {
    const { api, user, storage } = signedInAt("/");
    api.on("GET /v1/sessions", () => json(200, emptyPage));
    api.on("POST /v1/auth/logout", () => new Response(null, { status: 204 }));

    await user.click(await screen.findByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("You have logged out.");
    expect(storage.get()).toBeNull();
  });

  it("follows a logout in another tab", async () => {
    const { api } = signedInAt("/");
    api.on("GET /v1/sessions", () => json(200, emptyPage));
    await screen.findByText("No practice sessions yet");

    act(() => {
      window.dispatchEvent(new StorageEvent("storage", { key: REFRESH_TOKEN_KEY, newValue: null }));
    });

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("You logged out in another tab.");
  });

  it("lists sessions and pages through them", async () => {
    const { api, user } = signedInAt("/");
    const session = (n: number) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      status: "completed",
      template: {
        id: "10000000-0000-4000-8000-000000000000",
        slug: "sde-behavioral-medium",
        title: `Software engineer, behavioural ${n}`,
        role_track: "sde",
        round_type: "behavioral",
        difficulty: "medium",
      },
      duration_minutes: 20,
      created_at: "2025-03-01T10:00:00Z",
      started_at: "2025-03-01T10:01:00Z",
      ended_at: "2025-03-01T10:21:00Z",
      time_left_s: null,
      recording_enabled: false,
      content_version: "1",
      consent_version: "1",
      report_status: "ready",
    });
    api.on("GET /v1/sessions", (req) => {
      const page = Number(new URL(req.url).searchParams.get("page"));
      const items = page === 1 ? Array.from({ length: 10 }, (_, i) => session(i + 1)) : [session(11), session(12)];
      return json(200, { items, total: 12, page, page_size: 10 });
    });

    const list = await screen.findByRole("list", { name: "Practice sessions" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(10);
    // A returning candidate can start the next session from here too.
    expect(screen.getByRole("link", { name: "Start a practice session" })).toHaveAttribute("href", "/practice/new");
    expect(within(list).getByRole("heading", { name: "Software engineer, behavioural 1" })).toBeInTheDocument();
    expect(within(list).getAllByText("Behavioural round · Medium · 20 min")).toHaveLength(10);
    expect(screen.getByText("Page 1 of 2")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Next" }));

    expect(await screen.findByText("Page 2 of 2")).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Software engineer, behavioural 12" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
  });
});
