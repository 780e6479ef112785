import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AfterAnswerSlot } from "./AfterAnswerSlot";

describe("AfterAnswerSlot (the room's opt-in help for the answer just saved)", () => {
  it("stays closed and renders nothing until the candidate opens it from the keyboard", async () => {
    const renderHelp = vi.fn((p: { sessionId: string; questionId: string; questionText: string }) => (
      <label>
        Help for {p.questionId} in {p.sessionId}: {p.questionText}
        <textarea />
      </label>
    ));
    const voice = { blocked: null, onRecording: () => {} };
    const onOpened = vi.fn();
    const user = userEvent.setup();
    render(
      <>
        <button type="button">Start answering</button>
        <AfterAnswerSlot
          sessionId="s1"
          answered={{ id: "q2", sequenceNo: 2, text: "Tell me about a bug." }}
          render={renderHelp}
          voice={voice}
          onOpened={onOpened}
        />
      </>,
    );
    const toggle = screen.getByRole("button", {
      name: "Show talking points and Answer again for question 2 (optional)",
    });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    // Shown without taking focus: the next question's controls keep it.
    expect(document.activeElement).toBe(document.body);
    expect(renderHelp).not.toHaveBeenCalled();
    expect(screen.queryByText(/Help for/)).not.toBeInTheDocument();

    await user.tab();
    expect(screen.getByRole("button", { name: "Start answering" })).toHaveFocus();
    await user.tab();
    expect(toggle).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(await screen.findByText("Help for q2 in s1: Tell me about a bug.")).toBeInTheDocument();
    expect(renderHelp).toHaveBeenLastCalledWith({
      sessionId: "s1",
      questionId: "q2",
      questionText: "Tell me about a bug.",
      voice,
    });
    expect(onOpened).toHaveBeenCalledWith("q2");
    await user.type(screen.getByRole("textbox"), "half a retry");

    await user.keyboard("{Shift>}{Tab}{/Shift}");
    await user.keyboard(" ");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByText(/Help for/)).not.toBeVisible();
    // Hidden, not thrown away: opened again, the half-typed retry is still there.
    await user.keyboard(" ");
    expect(screen.getByRole("textbox")).toHaveValue("half a retry");
    expect(onOpened).toHaveBeenCalledTimes(1);
  });
});
