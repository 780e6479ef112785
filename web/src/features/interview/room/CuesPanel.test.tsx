import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Cue } from "../live/protocol";
import { applyCue, CuesPanel, emptyCues } from "./CuesPanel";

const cue = (c: Partial<Cue>): Cue => ({
  type: "cue",
  cue: "pace",
  level: "ok",
  value: null,
  t_ms: 0,
  message: "",
  latency_ms: 40,
  seq: null,
  ...c,
});

describe("CuesPanel accessibility", () => {
  it("has no pace meter until there is a pace to report", () => {
    render(<CuesPanel view={emptyCues} lagging={false} />);

    // role=meter requires a value; before 15 s of speech the gauge is decoration only.
    expect(screen.queryByRole("meter")).not.toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Pace" })).toHaveTextContent("Shown after about 15 seconds of speech");
  });

  it("reports the pace as a meter with its value in words", () => {
    const view = applyCue(
      emptyCues,
      cue({ cue: "pace", level: "warn", value: 190, message: "Fast pace: slow down a little." }),
      0,
    );
    render(<CuesPanel view={view} lagging={false} />);

    const meter = screen.getByRole("meter", { name: "Speaking pace" });
    expect(meter).toHaveAttribute("aria-valuenow", "190");
    expect(meter).toHaveAttribute("aria-valuetext", "190 words per minute (faster than the band)");
  });

  it("names each cue group and describes it with its explanation", () => {
    render(<CuesPanel view={emptyCues} lagging={false} />);

    for (const name of ["Pace", "Fillers", "Pauses", "Facing the camera", "Steadiness"]) {
      const group = screen.getByRole("group", { name });
      expect(group).toHaveAttribute("tabindex", "0");
      expect(group).toHaveAccessibleDescription(/\w+/);
    }
  });

  it("announces the latest non-routine cue in a polite status line", () => {
    const { rerender } = render(<CuesPanel view={emptyCues} lagging={false} />);
    const status = within(screen.getByRole("region", { name: "Live cues" })).getAllByRole("status")[0]!;
    // Present (and empty) before any cue, so the first message is announced.
    expect(status).toBeEmptyDOMElement();

    const view = applyCue(emptyCues, cue({ cue: "filler", level: "warn", message: "Several fillers in 30 s." }), 0);
    rerender(<CuesPanel view={view} lagging={false} />);
    expect(status).toHaveTextContent("Latest cue: Several fillers in 30 s.");
  });

  it("says transcripts are catching up while the server is behind, and when they have caught up", () => {
    const behind = applyCue(
      emptyCues,
      cue({ cue: "transcripts", level: "info", value: 6, message: "Transcripts are catching up." }),
      0,
    );
    const { rerender } = render(<CuesPanel view={behind} lagging={false} />);
    expect(screen.getByText(/Transcripts are catching up \(the server is busy\)/)).toBeInTheDocument();

    const caughtUp = applyCue(
      behind,
      cue({ cue: "transcripts", level: "ok", value: 0, message: "Transcripts have caught up." }),
      1,
    );
    rerender(<CuesPanel view={caughtUp} lagging={false} />);
    expect(screen.queryByText(/Transcripts are catching up \(the server is busy\)/)).not.toBeInTheDocument();
    expect(caughtUp.lastMessage).toBe("Transcripts have caught up.");
  });
});
