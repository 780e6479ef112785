import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, testUser, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

const emptyPage = { items: [], total: 0, page: 1, page_size: 10 };

describe("Login form", () => {
  it("shows client errors next to each field and focuses the first", async () => {
    const { user, api } = renderApp("/login");
    await user.click(await screen.findByRole("button", { name: "Log in" }));

    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription("Enter your email address.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password.");
    expect(email).toHaveFocus();
    // Only the sign-in providers were asked for; no login was attempted.
    expect(api.calls.filter((c) => c.route !== "GET /v1/auth/providers")).toHaveLength(0);
  });

  it("clears a field's error as soon as it is fixed", async () => {
    const { user } = renderApp("/login");
    await user.click(await screen.findByRole("button", { name: "Log in" }));
    await user.type(screen.getByLabelText("Email"), "ada@example.com");

    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
  });

  it("shows the server's message for wrong credentials as an alert", async () => {
    const { user, api } = renderApp("/login");
    api.on("POST /v1/auth/login", () =>
      json(401, { error: "InvalidCredentials", detail: "The email or password is not correct." }),
    );
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "not the password");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is not correct.");
  });

  it("tells how long to wait when rate limited", async () => {
    const { user, api } = renderApp("/login");
    api.on("POST /v1/auth/login", () =>
      json(429, { error: "TooManyRequests", detail: "Too many attempts." }, { "Retry-After": "120" }),
    );
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "whatever1234");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Please wait 2 minutes and try again.");
  });

  it("says when the server cannot be reached", async () => {
    const { user, api } = renderApp("/login");
    api.on("POST /v1/auth/login", () => {
      throw new TypeError("Failed to fetch");
    });
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "whatever1234");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("MoodLens could not be reached");
  });

  it("logs in and lands on the home page", async () => {
    const { user, api } = renderApp("/login");
    api.on("POST /v1/auth/login", () => json(200, tokens()));
    api.on("GET /v1/sessions", () => json(200, emptyPage));
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Your sessions" })).toBeInTheDocument();
    expect(screen.getByText(testUser.full_name)).toBeInTheDocument();
  });
});

describe("Signup form", () => {
  it("checks the password length before asking the server", async () => {
    const { user, api } = renderApp("/signup");
    await user.type(await screen.findByLabelText("Full name"), "Ada Lovelace");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText(/^Password/), "short");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    const password = screen.getByLabelText(/^Password/);
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(/At least 10 characters.*Use at least 10 characters\./);
    expect(password).toHaveFocus();
    expect(api.calls).toHaveLength(0);
  });

  it("puts the server's 422 field message under the matching field", async () => {
    const { user, api } = renderApp("/signup");
    api.on("POST /v1/auth/signup", () =>
      json(422, {
        error: "WeakPassword",
        detail: "This password is too common; choose another.",
        fields: [{ loc: "body.password", msg: "This password is too common; choose another." }],
      }),
    );
    await user.type(await screen.findByLabelText("Full name"), "Ada Lovelace");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText(/^Password/), "1234567890");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    const password = screen.getByLabelText(/^Password/);
    await screen.findByText("This password is too common; choose another.");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(/This password is too common; choose another\./);
    expect(password).toHaveFocus();
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
    // A field error is not repeated as a form-level alert.
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("creates the account and opens the home page", async () => {
    const { user, api } = renderApp("/signup");
    api.on("POST /v1/auth/signup", () => json(201, tokens()));
    api.on("GET /v1/sessions", () => json(200, emptyPage));
    await user.type(await screen.findByLabelText("Full name"), "Ada Lovelace");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText(/^Password/), "analytical engine notes");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Your sessions" })).toBeInTheDocument();
    const sent = JSON.parse(api.calls.find((c) => c.route === "POST /v1/auth/signup")?.body ?? "{}");
    expect(sent).toEqual({ full_name: "Ada Lovelace", email: "ada@example.com", password: "analytical engine notes" });
  });
});
