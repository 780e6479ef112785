import { render } from "@testing-library/react";
import { createMemoryRouter, Link, RouterProvider } from "react-router";
import { describe, expect, it, vi, afterEach } from "vitest";
import userEvent from "@testing-library/user-event";
import { LeaveGuard } from "./LeaveGuard";

function unload(): Event {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event;
}

afterEach(() => vi.restoreAllMocks());

describe("LeaveGuard", () => {
  it("asks the browser to confirm closing the page only while active", () => {
    const view = render(<LeaveGuard active={false} message="Leave?" />);
    expect(unload().defaultPrevented).toBe(false);
    view.rerender(<LeaveGuard active message="Leave?" />);
    expect(unload().defaultPrevented).toBe(true);
    view.unmount();
    expect(unload().defaultPrevented).toBe(false);
  });

  it("keeps the candidate on the page when they decline to leave by an in-app link", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    const router = createMemoryRouter(
      [
        {
          path: "/",
          element: (
            <>
              <LeaveGuard active message="Your recording is not stored yet. Leave?" />
              <Link to="/elsewhere">Elsewhere</Link>
            </>
          ),
        },
        { path: "/elsewhere", element: <p>Elsewhere page</p> },
      ],
      { initialEntries: ["/"] },
    );
    const view = render(<RouterProvider router={router} />);
    await userEvent.click(view.getByRole("link", { name: "Elsewhere" }));
    expect(confirm).toHaveBeenCalledWith("Your recording is not stored yet. Leave?");
    expect(router.state.location.pathname).toBe("/");
    confirm.mockReturnValue(true);
    await userEvent.click(view.getByRole("link", { name: "Elsewhere" }));
    expect(await view.findByText("Elsewhere page")).toBeTruthy();
  });
});
