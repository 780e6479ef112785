import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AnswerHabits, SessionHabits } from "./DeliveryHabits";
import { demoReport } from "./testing/demoReport";
import type { Answer, ReportReady } from "./types";

const moment = (at: number | null, word: number, context: string) => ({ at, char: word * 6, word, context });

const habits = {
  version: 1,
  words: 120,
  timed: true,
  hedges: {
    count: 3,
    per_100_words: 2.5,
    items: [
      {
        text: "i think",
        count: 2,
        moments: [moment(12.4, 3, "Um I think the key trade-off"), moment(40, 60, "and I think it worked")],
      },
      { text: "maybe", count: 1, moments: [moment(71.2, 90, "it was maybe two weeks")] },
    ],
  },
  openers: {
    count: 1,
    per_100_words: 0.83,
    items: [{ text: "so um", count: 1, moments: [moment(8.1, 0, "So, um, the project")] }],
  },
  repeats: {
    count: 4,
    per_100_words: 3.33,
    items: [
      {
        text: "really",
        count: 4,
        threshold: 3,
        moments: [10, 20, 30, 40].map((w) => moment(w + 0.5, w, `was really ${w}`)),
      },
    ],
  },
};

const voice = {
  version: 1,
  measured: true,
  voiced_s: 30.2,
  range_st: 3.1,
  variability_st: 0.9,
  reason: null,
  summary: "Your pitch moved across 3.1 semitones (the middle 90 % of your voiced speech), a narrow range.",
  monotone: [
    { start: 20, end: 34, duration_s: 14, range_st: 1.8, text: "Your pitch stayed within 1.8 semitones for 14 s." },
  ],
};

function spoken(extra: Partial<Answer> = {}): Answer {
  return { ...demoReport.answers[0], language_habits: habits, voice_variety: voice, ...extra } as Answer;
}

describe("AnswerHabits", () => {
  it("lists fillers next to hedges, weak openers and repeats with their counts and times", () => {
    const a = spoken();
    render(<AnswerHabits answer={a} answerIndex={0} />);
    const region = screen.getByRole("region", { name: "Language habits and voice of answer 1" });
    const terms = within(region)
      .getAllByRole("term")
      .map((t) => t.textContent);
    expect(terms[0]).toBe("Fillers");
    expect(terms.slice(1).map((t) => t?.split(" (")[0])).toEqual([
      "Hedges",
      "Weak openers",
      "Repeated words and phrases",
    ]);
    expect(region).toHaveTextContent(`Fillers${a.fillers.length} (marked in the transcript)`);
    expect(region).toHaveTextContent("“i think” 2 times");
    expect(region).toHaveTextContent("0:12: Um I think the key trade-off");
    expect(region).toHaveTextContent("“really” 4 times (a habit from 3 in an answer this long)");
    expect(within(region).getAllByRole("time")[0]).toHaveAccessibleName(/12 seconds/);
  });

  it("uses no inner-state words in its own copy", () => {
    // The habit items quote the candidate; the component's labels and notes are ours.
    const { container } = render(
      <AnswerHabits
        answer={spoken({ language_habits: { ...habits, timed: false }, input_mode: "voice" })}
        answerIndex={0}
      />,
    );
    const ours = [...container.querySelectorAll("dt, h4, p")].map((e) => e.textContent ?? "").join(" ");
    for (const word of ["nervous", "anxious", "emotion", "stress", "confident", "calm", "fear", "felt", "feel"]) {
      expect(ours.toLowerCase()).not.toContain(word);
    }
  });

  it("shows voice variety as pitch movement with the flat stretch's times", () => {
    render(<AnswerHabits answer={spoken()} answerIndex={1} />);
    const stretches = screen.getByRole("list", { name: "Flat stretches in answer 2" });
    expect(stretches).toHaveTextContent("0:20–0:34: Your pitch stayed within 1.8 semitones for 14 s.");
    expect(screen.getByText(/moved across 3.1 semitones/)).toBeInTheDocument();
  });

  it("says why pitch is missing instead of showing a number", () => {
    const reason = "Pitch was not measured for this answer: it was stored before pitch tracking existed.";
    render(
      <AnswerHabits answer={spoken({ voice_variety: { measured: false, reason, monotone: [] } })} answerIndex={0} />,
    );
    expect(screen.getByText(reason)).toBeInTheDocument();
    expect(screen.queryByText(/semitones/)).toBeNull();
  });

  it("gives word positions for typed answers and no voice section", () => {
    const typedHabits = {
      ...habits,
      timed: false,
      hedges: {
        count: 1,
        per_100_words: 0.8,
        items: [{ text: "maybe", count: 1, moments: [moment(null, 14, "it was maybe")] }],
      },
    };
    render(
      <AnswerHabits
        answer={spoken({ input_mode: "typed", language_habits: typedHabits, voice_variety: voice })}
        answerIndex={0}
      />,
    );
    expect(screen.getByText(/word 15/)).toBeInTheDocument();
    expect(screen.queryByText("Voice variety")).toBeNull();
  });

  it("renders nothing for a report stored before habits existed", () => {
    const { container } = render(
      <AnswerHabits answer={spoken({ language_habits: null, voice_variety: null })} answerIndex={0} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});

describe("SessionHabits", () => {
  it("sums the session with the answers each habit happened in, in observable words only", () => {
    const report = {
      ...demoReport,
      language_habits: {
        version: 1,
        words: 300,
        hedges: { count: 5, per_100_words: 1.67, items: [{ text: "i think", count: 5, answers: [0, 1] }] },
        openers: { count: 0, per_100_words: 0, items: [] },
        repeats: { count: 4, per_100_words: 1.33, items: [{ text: "really", count: 4, answers: [1] }] },
      },
      voice_variety: {
        measured: true,
        answers_measured: 2,
        median_range_st: 5.2,
        monotone_count: 1,
        monotone_s: 14,
        summary:
          "Across 2 spoken answer(s) your pitch range was 5.2 semitones (median); 1 flat stretch(es), 14 s in all.",
      },
    } as ReportReady;
    const { container } = render(<SessionHabits report={report} />);
    const section = screen.getByRole("region", { name: "Language habits and voice" });
    expect(section).toHaveTextContent("Hedges5 · “i think” 5 times (answer 1, 2)");
    expect(section).toHaveTextContent("Weak openersNone");
    expect(section).toHaveTextContent("“really” 4 times (answer 2)");
    expect(section).toHaveTextContent("1 flat stretch(es), 14 s in all.");
    const text = (container.textContent ?? "").toLowerCase();
    for (const word of [
      "nervous",
      "anxious",
      "emotion",
      "stress",
      "confident",
      "happy",
      "calm",
      "fear",
      "felt",
      "feel",
    ]) {
      expect(text).not.toContain(word);
    }
  });
});
