import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { EndSessionControl } from "./EndSessionControl";

describe("End session in the room", () => {
  it("asks before ending; Escape cancels and focus returns to the button", async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(<EndSessionControl onConfirm={onConfirm} />);

    await user.click(screen.getByRole("button", { name: "End session" }));
    expect(onConfirm).not.toHaveBeenCalled();
    // The confirmation takes focus so its text is heard before the buttons.
    expect(screen.getByRole("heading", { name: "End the interview now?" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("heading", { name: "End the interview now?" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "End session" })).toHaveFocus();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("keeps practising or ends on the confirm button, by keyboard", async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(<EndSessionControl onConfirm={onConfirm} />);

    screen.getByRole("button", { name: "End session" }).focus();
    await user.keyboard("{Enter}");
    await user.click(screen.getByRole("button", { name: "Keep practising" }));
    expect(screen.getByRole("button", { name: "End session" })).toHaveFocus();

    await user.keyboard("{Enter}");
    await user.tab();
    expect(screen.getByRole("button", { name: "End and build report" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
