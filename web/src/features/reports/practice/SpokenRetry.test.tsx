import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import createClient from "openapi-fetch";
import type { paths } from "../../../client/schema";
import { AuthSession } from "../../../lib/auth/session";
import { memoryRefreshTokenStorage } from "../../../lib/auth/tokenStorage";
import { ServicesProvider, type Services } from "../../../lib/services";
import { BASE_URL, createFakeApi, json, type FakeApi } from "../../../test/fakeApi";
import { AnswerAgain } from "./AnswerAgain";
import type { Attempt } from "./api";

configure({ asyncUtilTimeout: 10_000 });

function attempt(no: number, mode: "typed" | "voice"): Attempt {
  return {
    attempt_no: no,
    input_mode: mode,
    transcript: no === 1 ? "I fixed it, I think." : "I traced the outage and cut failures by 90%.",
    answered_at: null,
    overall: no === 1 ? 30 : 60,
    scores: { communication: { score: no === 1 ? 30 : 60, measured: true } },
    pace_wpm: mode === "voice" ? 142 : null,
    fillers: 0,
    star: { situation: null, task: null, action: "I fixed it.", result: null },
    star_expected: false,
    key_points_covered: [],
    key_points_missed: [],
    word_count: no === 1 ? 5 : 9,
    long_pauses: mode === "voice" ? 1 : null,
    hedges: no === 1 ? 1 : 0,
    weak_openers: 0,
    repeats: 0,
    voice_range_st: mode === "voice" ? 7.5 : null,
    flat_stretches: mode === "voice" ? 0 : null,
    voice_note: mode === "voice" ? "Your pitch moved across 7.5 semitones." : "A typed answer has no voice to measure.",
  };
}

/** The browser's recorder, scripted: what the test "says" is one chunk handed on stop. */
class FakeRecorder {
  static isTypeSupported = (t: string) => t === "audio/webm;codecs=opus";
  state: "inactive" | "recording" = "inactive";
  mimeType = "audio/webm;codecs=opus";
  ondataavailable: ((e: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  start() {
    this.state = "recording";
  }
  stop() {
    this.state = "inactive";
    this.ondataavailable?.({ data: new Blob(["spoken bytes"], { type: this.mimeType }) });
    this.onstop?.();
  }
}

function setup(api: FakeApi, voice?: { blocked: string | null; onRecording: (on: boolean) => void }) {
  const session = new AuthSession({ storage: memoryRefreshTokenStorage(null), baseUrl: BASE_URL, fetch: api.fetch });
  const services: Services = {
    session,
    api: createClient<paths>({ baseUrl: BASE_URL, fetch: session.fetch }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
  };
  return render(
    <ServicesProvider services={services}>
      <QueryClientProvider client={services.queryClient}>
        <AnswerAgain sessionId="s1" questionId="q1" questionText="Tell me about a bug." voice={voice} />
      </QueryClientProvider>
    </ServicesProvider>,
  );
}

const consents = (scopes: string[]) => () => json(200, { items: [{ scopes }] });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("AnswerAgain by voice", () => {
  it("records only on press, uploads the recording and shows it beside the first attempt", async () => {
    const api = createFakeApi();
    api.on("GET /v1/users/me/consents", consents(["microphone"]));
    let uploaded: FormData | null = null;
    api.on("POST /v1/sessions/s1/questions/q1/retries/audio", async (req) => {
      uploaded = await req.formData();
      return json(201, {
        question_id: "q1",
        sequence_no: 1,
        question_text: "Tell me about a bug.",
        attempts: [attempt(1, "typed"), attempt(2, "voice")],
        best_attempt_no: 2,
        retries: 1,
        changes: [{ kind: "habits", text: "Hedges 1 -> 0", better: true }],
        note: "Attempts are compared on their words and voice.",
      });
    });
    const stop = vi.fn();
    const getUserMedia = vi.fn(async () => ({ getTracks: () => [{ stop }] }) as unknown as MediaStream);
    vi.stubGlobal("MediaRecorder", FakeRecorder);
    Object.defineProperty(navigator, "mediaDevices", { value: { getUserMedia }, configurable: true });
    const onRecording = vi.fn();
    const user = userEvent.setup();
    setup(api, { blocked: null, onRecording });

    await user.click(screen.getByRole("button", { name: "Answer again" }));
    const record = await screen.findByRole("button", { name: "Record your answer" });
    expect(getUserMedia).not.toHaveBeenCalled();
    await user.click(record);
    expect(getUserMedia).toHaveBeenCalledWith({ audio: true, video: false });
    expect(await screen.findByText(/Recording your new answer/)).toBeInTheDocument();
    expect(onRecording).toHaveBeenLastCalledWith(true);

    await user.click(screen.getByRole("button", { name: "Stop and score" }));
    const compared = await screen.findByRole("region", { name: "Before and after, question 1" });
    expect(within(compared).getByText("142 wpm")).toBeInTheDocument();
    expect(within(compared).getByText("7.5 semitones")).toBeInTheDocument();
    expect(within(compared).getByText(/Hedges 1 -> 0/)).toBeInTheDocument();
    expect(stop).toHaveBeenCalled(); // the microphone is released
    expect(onRecording).toHaveBeenLastCalledWith(false);
    // One multipart part named "file" (the bytes themselves are checked end to end, in Chromium).
    expect(uploaded!.has("file")).toBe(true);
  });

  it("offers no recording without the microphone consent, and none while the room is mid-answer", async () => {
    const api = createFakeApi();
    api.on("GET /v1/users/me/consents", consents([]));
    const user = userEvent.setup();
    const view = setup(api);
    await user.click(screen.getByRole("button", { name: "Answer again" }));
    expect(await screen.findByText(/Spoken retries need the microphone consent/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Record your answer" })).not.toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: /Your new answer to/ })).toBeInTheDocument();
    view.unmount();

    api.on("GET /v1/users/me/consents", consents(["microphone"]));
    setup(api, { blocked: "Finish the answer you are giving first; then record the retry.", onRecording: () => {} });
    await user.click(screen.getByRole("button", { name: "Answer again" }));
    expect(await screen.findByRole("button", { name: "Record your answer" })).toBeDisabled();
    expect(screen.getByText(/Finish the answer you are giving first/)).toBeInTheDocument();
  });
});
