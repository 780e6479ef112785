import { configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { BeforeAfter } from "./BeforeAfter";
import { json, tokens } from "../../../test/fakeApi";
import { renderApp } from "../../../test/renderApp";
import { demoReport } from "../testing/demoReport";
import type { Attempt, Practice, QuestionAttempts } from "./api";

configure({ asyncUtilTimeout: 15_000 });

const SID = demoReport.session.id;
const QID = demoReport.answers[0]!.question_id;

function attempt(no: number, extra: Partial<Attempt> = {}): Attempt {
  return {
    attempt_no: no,
    input_mode: "typed",
    transcript: no === 1 ? "I fixed it." : "I traced the outage to a Kafka consumer and cut failures by 90%.",
    answered_at: null,
    overall: no === 1 ? 31 : 64,
    scores: {
      communication: { score: 40, measured: true },
      confidence: { score: null, measured: false },
      structure: { score: no === 1 ? 20 : 60, measured: true },
      relevance: { score: 50, measured: true },
    },
    pace_wpm: null,
    fillers: 0,
    star: { situation: null, task: null, action: "I fixed it.", result: no === 1 ? null : "cut failures by 90%" },
    star_expected: true,
    key_points_covered: no === 1 ? [] : ["the root cause"],
    key_points_missed: no === 1 ? ["the root cause"] : [],
    word_count: no === 1 ? 3 : 14,
    long_pauses: null,
    hedges: 0,
    weak_openers: 0,
    repeats: 0,
    voice_range_st: null,
    flat_stretches: null,
    voice_note: "A typed answer has no voice to measure.",
    ...extra,
  };
}

function question(attempts: Attempt[]): QuestionAttempts {
  return {
    question_id: QID,
    sequence_no: 1,
    question_text: "Tell me about a bug.",
    attempts,
    best_attempt_no: attempts.length > 1 ? 2 : 1,
    retries: attempts.length - 1,
    changes:
      attempts.length > 1
        ? [
            { kind: "overall", text: "Overall 31 -> 64 (+33)", better: true },
            { kind: "star", text: "Now has a result: “cut failures by 90%”", better: true },
          ]
        : [],
    note: "Attempts are compared on their words and voice.",
  };
}

function practice(attempts: Attempt[], job: Practice["job"] = null): Practice {
  return {
    job,
    questions: [question(attempts)],
    retries: attempts.length - 1,
    first_attempt_overall: 31,
    best_attempt_overall: attempts.length > 1 ? 64 : 31,
  };
}

describe("BeforeAfter", () => {
  it("puts the first and the latest attempt side by side with what changed", () => {
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <BeforeAfter data={question([attempt(1), attempt(2)])} />
      </QueryClientProvider>,
    );
    const region = screen.getByRole("region", { name: "Before and after, question 1" });
    expect(within(region).getByRole("heading", { name: "First attempt" })).toBeInTheDocument();
    expect(within(region).getByRole("heading", { name: "Attempt 2 (best)" })).toBeInTheDocument();
    expect(within(region).getByText("↑ Overall 31 -> 64 (+33)")).toBeInTheDocument();
    // Pace and long pauses, in both columns: typed attempts have no voice to time.
    expect(within(region).getAllByText("Not measured (typed)")).toHaveLength(4);
    const after = within(region).getByRole("list", { name: "STAR parts, Attempt 2" });
    expect(within(after).getByText(/✓ result/)).toBeInTheDocument();
    expect(within(region).getByText(/1 retry; best attempt: 2/)).toBeInTheDocument();
  });

  it("shows nothing for a single attempt", () => {
    const { container } = render(<BeforeAfter data={question([attempt(1)])} />);
    expect(container).toBeEmptyDOMElement();
  });
});

function reportWith(state: { practice: Practice }) {
  const ctx = renderApp(`/sessions/${SID}/report`, { storedRefresh: "r" });
  const { api } = ctx;
  api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  api.on(`GET /v1/sessions/${SID}/report`, () => json(200, demoReport));
  api.on(`GET /v1/sessions/${SID}/practice`, () => json(200, state.practice));
  api.on(`GET /v1/sessions/${SID}/questions/${QID}/talking-points`, () =>
    json(200, {
      question_id: QID,
      question_text: "Tell me about a bug.",
      points: [
        {
          name: "the root cause",
          source: "question",
          hit: true,
          quote: "I traced the outage to a Kafka consumer",
          attempt_no: 2,
        },
        { name: "mentoring (named in the job)", source: "job", hit: false, quote: null, attempt_no: null },
      ],
    }),
  );
  return ctx;
}

describe("Practice panel on the report", () => {
  it("shows the job's skills covered with a quote and those that never came up", async () => {
    const job = {
      covered: [
        {
          name: "Kafka",
          source: "text" as const,
          evidence: "Experience with Kafka.",
          covered: true,
          quotes: [{ question_id: QID, sequence_no: 1, attempt_no: 1, text: "I fixed the Kafka consumer." }],
        },
      ],
      never_came_up: [
        {
          name: "mentoring",
          source: "vocabulary" as const,
          evidence: "Mentor junior engineers.",
          covered: false,
          quotes: [],
        },
      ],
    };
    reportWith({ practice: practice([attempt(1)], job) });
    const covered = await screen.findByRole("list", { name: "Skills your answers covered" });
    expect(within(covered).getByText("I fixed the Kafka consumer.")).toBeInTheDocument();
    const never = screen.getByRole("list", { name: "Skills that never came up" });
    expect(within(never).getByText("mentoring")).toBeInTheDocument();
    expect(within(never).getByText("Mentor junior engineers.")).toBeInTheDocument();
  });

  it("retries an answer and shows it beside the first, with ticked talking points", async () => {
    const state = { practice: practice([attempt(1)]) };
    const { api } = reportWith(state);
    let sent: { transcript_text?: string } = {};
    api.on(`POST /v1/sessions/${SID}/questions/${QID}/retries`, async (req) => {
      sent = (await req.json()) as typeof sent;
      state.practice = practice([attempt(1), attempt(2)]);
      return json(201, question([attempt(1), attempt(2)]));
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Answer again" }));
    await user.type(
      screen.getByRole("textbox", { name: /Your new answer to/ }),
      "I traced the outage to a Kafka consumer and cut failures by 90%.",
    );
    await user.click(screen.getByRole("button", { name: "Score this attempt" }));
    expect(await screen.findByRole("region", { name: "Before and after, question 1" })).toBeInTheDocument();
    expect(sent.transcript_text).toBe("I traced the outage to a Kafka consumer and cut failures by 90%.");
    await waitFor(() => expect(screen.getByText(/1 retry so far/)).toBeInTheDocument());

    await user.click(screen.getByText("Talking points"));
    const points = await screen.findByRole("list", { name: "Talking points" });
    expect(within(points).getByText("Covered:")).toBeInTheDocument();
    expect(within(points).getByText(/I traced the outage to a Kafka consumer \(attempt 2\)/)).toBeInTheDocument();
    expect(within(points).getByText("Not covered yet:")).toBeInTheDocument();
    expect(within(points).getByText("(from the job)")).toBeInTheDocument();
  });
});
