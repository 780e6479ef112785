import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PageHeading } from "./PageHeading";

describe("PageHeading focus", () => {
  it("keeps focus where the user is when only the document title changes", () => {
    // The first page of a visit never takes focus; the pages after it do.
    render(<PageHeading title="Home" />).unmount();

    const { rerender } = render(
      <>
        <PageHeading title="Session report">Session report</PageHeading>
        <button type="button">Download PDF</button>
      </>,
    );
    const heading = screen.getByRole("heading", { name: "Session report" });
    expect(heading).toHaveFocus();

    const button = screen.getByRole("button", { name: "Download PDF" });
    button.focus();
    // The report became ready: the tab is renamed under the same visible heading.
    rerender(
      <>
        <PageHeading title="Report: Backend engineer">Session report</PageHeading>
        <button type="button">Download PDF</button>
      </>,
    );
    expect(document.title).toBe("Report: Backend engineer · MoodLens Interview Coach");
    expect(button).toHaveFocus();

    // A heading that says something new is a new step: it takes focus.
    rerender(
      <>
        <PageHeading title="Session ended" />
        <button type="button">Download PDF</button>
      </>,
    );
    expect(screen.getByRole("heading", { name: "Session ended" })).toHaveFocus();
  });
});
