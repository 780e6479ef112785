import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { demoReport } from "./testing/demoReport";
import { segmentDomId } from "./timelineModel";

// Full-report renders take a second or two on the shared CI machine.
vi.setConfig({ testTimeout: 20_000 });

const SID = demoReport.session.id;
const REPORT = `GET /v1/sessions/${SID}/report`;

function building(overrides: Record<string, unknown> = {}) {
  return {
    status: "building",
    session_id: SID,
    progress: { stage: "scoring", attempt: 1, max_attempts: 3, percent: 60, last_error: null },
    // The client never polls faster than every 0.5 s.
    poll_after_s: 0.1,
    ...overrides,
  };
}

const failed = {
  status: "failed",
  session_id: SID,
  error: "The transcript of answer 2 could not be read.",
  attempts: 3,
  can_retry: true,
  retry_url: `/v1/sessions/${SID}/report/retry`,
};

function openReport() {
  const ctx = renderApp(`/sessions/${SID}/report`, { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  // No recording for the demo session: the replay section stays away.
  ctx.api.on(`GET /v1/sessions/${SID}/recording/status`, () =>
    json(404, { error: "RecordingSessionNotFound", detail: "No such session." }),
  );
  return ctx;
}

async function readyReport() {
  const ctx = openReport();
  ctx.api.on(REPORT, () => json(200, demoReport));
  // A full report is a big render; give a busy shared machine time for it.
  await screen.findByRole("heading", { level: 2, name: "Scorecard" }, { timeout: 5000 });
  return ctx;
}

let scrolled: Element[] = [];
beforeEach(() => {
  scrolled = [];
  // jsdom does not lay out pages, so it has no scrollIntoView: record what would be scrolled to.
  Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
    scrolled.push(this);
  };
});
afterEach(() => {
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});

describe("Report page states", () => {
  it("shows the build's progress while building, polls, then shows the report", async () => {
    const { api } = openReport();
    let calls = 0;
    api.on(REPORT, () => {
      calls += 1;
      return calls === 1 ? json(202, building()) : json(200, demoReport);
    });

    expect(await screen.findByRole("heading", { name: "Your report is being built" })).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Scoring your answers" })).toHaveAttribute("value", "60");

    expect(await screen.findByRole("heading", { name: "Scorecard" }, { timeout: 3000 })).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it("shows why a build failed and retries it on request", async () => {
    const { api, user } = openReport();
    let state: "failed" | "building" | "ready" = "failed";
    api.on(REPORT, () =>
      state === "failed" ? json(200, failed) : state === "building" ? json(202, building()) : json(200, demoReport),
    );
    api.on(`POST /v1/sessions/${SID}/report/retry`, () => {
      state = "building";
      return json(
        202,
        building({ progress: { stage: "queued", attempt: 0, max_attempts: 3, percent: 10, last_error: null } }),
      );
    });

    expect(await screen.findByRole("heading", { name: "The report could not be built" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("The transcript of answer 2 could not be read.");
    expect(screen.getByRole("alert")).toHaveTextContent("Tried 3 times.");

    await user.click(screen.getByRole("button", { name: "Retry" }));

    expect(await screen.findByRole("heading", { name: "Your report is being built" })).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Waiting for its turn" })).toBeInTheDocument();
    expect(api.count(`POST /v1/sessions/${SID}/report/retry`)).toBe(1);

    state = "ready";
    expect(await screen.findByRole("heading", { name: "Scorecard" }, { timeout: 3000 })).toBeInTheDocument();
  });

  it("says plainly when the session has not ended yet", async () => {
    const { api } = openReport();
    api.on(REPORT, () => json(409, { error: "SessionNotEnded", detail: "The session is still live." }));

    expect(await screen.findByText("No report yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to your sessions" })).toHaveAttribute("href", "/");
  });

  it("shows a ready report: overall, the four dimensions with band and range, and the note", async () => {
    await readyReport();

    const overall = screen.getByTestId("overall-score");
    expect(overall).toHaveTextContent("58/100");
    expect(overall).toHaveTextContent("Likely range 52–64 · Solid evidence");

    const dims = screen.getByRole("list", { name: "Scores by dimension" });
    const items = within(dims).getAllByRole("listitem");
    expect(items.map((li) => within(li).getByRole("heading").textContent)).toEqual([
      "Communication",
      "Delivery",
      "Structure",
      "Relevance",
    ]);
    expect(items[0]).toHaveTextContent("61/100");
    expect(items[0]).toHaveTextContent("Likely range 54–67 · Solid evidence");
    expect(items[1]).toHaveTextContent("75/100");

    expect(screen.getByText("Coaching support only — do not over-interpret")).toBeVisible();
    expect(screen.getByText(demoReport.disclaimer)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Read with care" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Timeline" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Compared with your previous session" })).toBeInTheDocument();
  });

  it("shows 'Not measured' instead of a number for a dimension the report marks unmeasured", async () => {
    const typed = {
      ...demoReport,
      dimensions: {
        ...demoReport.dimensions,
        confidence: {
          ...demoReport.dimensions.confidence,
          measured: false,
          warnings: ["Not measured: a typed answer has no voice or camera to judge delivery."],
        },
      },
    };
    const ctx = openReport();
    ctx.api.on(REPORT, () => json(200, typed));
    const dims = await screen.findByRole("list", { name: "Scores by dimension" }, { timeout: 5000 });
    const delivery = within(dims).getAllByRole("listitem")[1]!;
    expect(delivery).toHaveTextContent("Not measured");
    expect(delivery).toHaveTextContent("a typed answer has no voice or camera");
    expect(delivery).not.toHaveTextContent("/100");
  });

  it("never uses emotion words in its own copy", async () => {
    const { container } = await readyReport();
    const text = (container.textContent ?? "").toLowerCase();
    for (const word of ["nervous", "anxious", "emotion", "stress", "confident", "happy", "calm", "fear"]) {
      expect(text).not.toContain(word);
    }
    // The rubric key "confidence" is shown by its label.
    expect(screen.queryByRole("heading", { name: /^Confidence/ })).toBeNull();
  });
});

describe("Score explanation", () => {
  it("lists each dimension's factors with their effect and evidence", async () => {
    await readyReport();
    const factors = screen.getByRole("list", { name: "Reasons behind the Communication score" });
    const items = within(factors)
      .getAllByRole("listitem")
      .filter((li) => li.classList.contains("factor"));

    const plus = items.filter((li) => li.classList.contains("factor--plus"));
    const minus = items.filter((li) => li.classList.contains("factor--minus"));
    expect(plus.length).toBeGreaterThan(0);
    expect(minus.length).toBeGreaterThan(0);
    // Raised-the-score reasons first, each announced with its effect, not by colour alone.
    expect(items.indexOf(plus[0]!)).toBeLessThan(items.indexOf(minus[0]!));
    expect(plus[0]).toHaveTextContent(/^\+Raised the score: Direct wording: few hedges/);
    expect(minus[0]).toHaveTextContent("Lowered the score: 4 fillers in 31 s (7.9 per minute)");
    expect(within(minus[0]!).getByText("Based on")).toBeInTheDocument();
  });
});

describe("Timeline and transcript", () => {
  it("scrolls to and focuses the transcript moment of a clicked event", async () => {
    const { user, container } = await readyReport();
    const toolbar = screen.getByRole("toolbar", { name: "Timeline events, in time order" });

    await user.click(within(toolbar).getByRole("button", { name: "Long pause at 8 seconds to 11 seconds, answer 1" }));

    // The pause segment (7.79-10.76 s), not the "Um," that ends where the pause begins.
    const pauseIndex = demoReport.answers[0]!.segments.findIndex((s) => s.type === "pause" && s.start === 7.79);
    const target = document.getElementById(segmentDomId(0, pauseIndex));
    expect(target).not.toBeNull();
    expect(target).toHaveAttribute("data-segment-type", "pause");
    await waitFor(() => expect(scrolled).toContain(target));
    expect(target).toHaveFocus();
    expect(target).toHaveClass("is-target");
    expect(container.querySelector(".tl-detail")).toHaveTextContent(
      "Long pause · 0:08–0:11 · answer 1. A silence of 2 seconds or more inside an answer.",
    );

    await user.click(screen.getByRole("button", { name: "Back to the timeline" }));
    expect(
      within(toolbar).getByRole("button", { name: "Long pause at 8 seconds to 11 seconds, answer 1" }),
    ).toHaveFocus();
  });

  it("moves between markers with the arrow keys and has one tab stop", async () => {
    const { user } = await readyReport();
    const toolbar = screen.getByRole("toolbar", { name: "Timeline events, in time order" });
    const markers = within(toolbar).getAllByRole("button");
    expect(markers).toHaveLength(demoReport.events.length);
    expect(markers.filter((m) => m.tabIndex === 0)).toHaveLength(1);

    const first = screen.getByRole("button", { name: "Filler burst at 8 seconds to 37 seconds, answer 1" });
    first.focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("button", { name: "Long pause at 8 seconds to 11 seconds, answer 1" })).toHaveFocus();
    await user.keyboard("{End}");
    expect(
      screen.getByRole("button", { name: "Facing the camera again at 1 minute 21 seconds, answer 2" }),
    ).toHaveFocus();
    await user.keyboard("{Enter}");
    // Enter on a marker goes to its moment: a timed piece of answer 2's transcript.
    await waitFor(() => expect(document.activeElement?.id).toMatch(/^answer-2-at-\d+$/));
  });

  it("marks fillers and pauses in the transcript with their times", async () => {
    await readyReport();
    const card = document.getElementById("answer-1")!;
    const fillers = card.querySelectorAll("mark.seg-filler:not(.seg-filler--legend)");
    expect([...fillers].map((m) => m.firstChild?.textContent)).toEqual(["Um,", "like,", "uh,", "you", "know,"]);
    expect(fillers[0]).toHaveTextContent("Um,0:08 (filler at 8 seconds)");

    const pauses = card.querySelectorAll('[data-segment-type="pause"]');
    expect(pauses.length).toBe(demoReport.answers[0]!.segments.filter((s) => s.type === "pause").length);
    expect(pauses[0]).toHaveTextContent("3.0 s");
    expect(pauses[0]).toHaveTextContent("(long pause of 3.0 seconds at 8 seconds)");
    expect(pauses[0]).toHaveClass("seg-pause--long");
    expect(card.querySelector(".seg-pause:not(.seg-pause--long):not(.seg-pause--legend)")).toHaveTextContent(
      "pause of 0.9 seconds",
    );
  });
});

describe("Replay", () => {
  it("loads the owner's recording when an event is chosen and seeks it to just before the moment", async () => {
    const { api, user } = openReport();
    api.on(REPORT, () => json(200, demoReport));
    api.on(`GET /v1/sessions/${SID}/recording/status`, () =>
      json(200, {
        session_id: SID,
        recording_enabled: true,
        bytes_received: 2_400_000,
        complete: true,
        content_type: "video/webm",
        max_bytes: 500_000_000,
        playback_url: `/v1/sessions/${SID}/recording`,
      }),
    );
    api.on(
      `GET /v1/sessions/${SID}/recording`,
      () => new Response("webm-bytes", { headers: { "Content-Type": "video/webm" } }),
    );
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:recording"), revokeObjectURL: vi.fn() });

    await screen.findByRole("heading", { level: 2, name: "Scorecard" }, { timeout: 3000 });
    expect(await screen.findByRole("button", { name: "Load the recording" })).toBeInTheDocument();
    expect(screen.getByText(/\(2\.4 MB\)/)).toBeInTheDocument();
    expect(api.count(`GET /v1/sessions/${SID}/recording`)).toBe(0);

    await user.click(screen.getByRole("button", { name: "Long pause at 13 seconds to 16 seconds, answer 1" }));

    const video = await screen.findByLabelText<HTMLVideoElement>("Your session recording");
    expect(video).toHaveAttribute("src", "blob:recording");
    expect(api.calls.find((c) => c.route === `GET /v1/sessions/${SID}/recording`)?.authorization).toMatch(/^Bearer /);
    fireEvent.loadedMetadata(video);
    expect(video.currentTime).toBeCloseTo(12.14);
    expect(screen.getByText("Replay moved to 0:12.")).toBeInTheDocument();
  });
});

describe("Downloads", () => {
  it("queues a PDF, waits for it, and downloads it with the bearer token", async () => {
    const { api, user } = await readyReport();
    const exportId = "e0000000-0000-4000-8000-000000000001";
    const base = {
      export_id: exportId,
      export_type: "pdf",
      session_id: SID,
      created_at: "2026-11-25T10:00:00Z",
      expires_at: "2026-11-26T10:00:00Z",
      error: null,
    };
    let polls = 0;
    api.on(`POST /v1/sessions/${SID}/export`, () => json(202, { ...base, status: "pending", download_url: null }));
    api.on(`GET /v1/exports/${exportId}`, () => {
      polls += 1;
      return polls === 1
        ? json(200, { ...base, status: "pending", download_url: null })
        : json(200, { ...base, status: "ready", download_url: `/v1/exports/${exportId}/download` });
    });
    api.on(
      `GET /v1/exports/${exportId}/download`,
      () =>
        new Response("%PDF-1.7", {
          status: 200,
          headers: {
            "Content-Type": "application/pdf",
            "Content-Disposition": 'attachment; filename="moodlens-pdf-20261125.pdf"',
          },
        }),
    );
    const createObjectURL = vi.fn(() => "blob:report");
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});

    await user.click(screen.getByRole("button", { name: "Download PDF" }));

    expect(await screen.findByText("The PDF has been downloaded.", {}, { timeout: 4000 })).toBeInTheDocument();
    expect(JSON.parse(api.calls.find((c) => c.route === `POST /v1/sessions/${SID}/export`)!.body)).toEqual({
      export_type: "pdf",
    });
    const download = api.calls.find((c) => c.route === `GET /v1/exports/${exportId}/download`);
    expect(download?.authorization).toMatch(/^Bearer access-/);
    expect(click).toHaveBeenCalledTimes(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe("moodlens-pdf-20261125.pdf");
  }, 15_000);
});

describe("Home page", () => {
  it("links a completed session to its report", async () => {
    const { api } = renderApp("/", { storedRefresh: "stored-refresh-token" });
    api.on("POST /v1/auth/refresh", () => json(200, tokens()));
    const session = (id: string, status: string) => ({
      id,
      status,
      template: {
        id: "10000000-0000-4000-8000-000000000000",
        slug: "sde-behavioral-medium",
        title: `Session ${status}`,
        role_track: "sde",
        round_type: "behavioral",
        difficulty: "medium",
      },
      duration_minutes: 20,
      created_at: "2026-11-01T10:00:00Z",
      started_at: "2026-11-01T10:01:00Z",
      ended_at: null,
      time_left_s: null,
      recording_enabled: false,
      content_version: "1",
      consent_version: "1",
      report_status: status === "completed" ? "ready" : "none",
    });
    api.on("GET /v1/sessions", () =>
      json(200, {
        items: [session(SID, "completed"), session("00000000-0000-4000-8000-000000000002", "live")],
        total: 2,
        page: 1,
        page_size: 10,
      }),
    );

    const link = await screen.findByRole("link", { name: "View report: Session completed" });
    expect(link).toHaveAttribute("href", `/sessions/${SID}/report`);
    expect(screen.getAllByRole("link", { name: /View report/ })).toHaveLength(1);
  });
});
