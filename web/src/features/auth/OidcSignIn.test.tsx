import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { readReauthProof, rememberOidcFlow } from "../../lib/oidcFlow";
import { OIDC_STATE_KEY } from "./ProviderButtons";

const emptyPage = { items: [], total: 0, page: 1, page_size: 10 };

afterEach(() => sessionStorage.clear());

describe("Sign-in with a provider", () => {
  it("shows a button for each configured provider on the login page", async () => {
    renderApp("/login", {
      routes: (api) =>
        api.on("GET /v1/auth/providers", () =>
          json(200, {
            items: [
              { id: "campus", name: "Campus SSO" },
              { id: "work", name: "Work" },
            ],
          }),
        ),
    });
    expect(await screen.findByRole("button", { name: "Continue with Campus SSO" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Continue with Work" })).toBeEnabled();
  });

  it("finishes signing in when the callback carries this tab's state", async () => {
    sessionStorage.setItem(OIDC_STATE_KEY, "state-from-this-tab");
    const { api } = renderApp("/login/oidc/callback?state=state-from-this-tab&code=the-code");
    api.on("POST /v1/auth/oidc/callback", () => json(200, tokens()));
    api.on("GET /v1/sessions", () => json(200, emptyPage));
    expect(await screen.findByRole("heading", { name: "Your sessions" })).toBeInTheDocument();
    const call = api.calls.find((c) => c.route === "POST /v1/auth/oidc/callback");
    expect(JSON.parse(call?.body ?? "{}")).toEqual({ state: "state-from-this-tab", code: "the-code" });
    expect(sessionStorage.getItem(OIDC_STATE_KEY)).toBeNull();
  });

  it("refuses a callback this tab did not start, without asking the server", async () => {
    sessionStorage.setItem(OIDC_STATE_KEY, "mine");
    const { api } = renderApp("/login/oidc/callback?state=someone-elses&code=c");
    expect(await screen.findByText(/not started in this browser tab/)).toBeInTheDocument();
    expect(api.count("POST /v1/auth/oidc/callback")).toBe(0);
  });

  it("shows the server's reason when the provider's token is refused", async () => {
    sessionStorage.setItem(OIDC_STATE_KEY, "s1");
    const { api } = renderApp("/login/oidc/callback?state=s1&code=c");
    api.on("POST /v1/auth/oidc/callback", () =>
      json(400, { error: "InvalidIdToken", detail: "The ID token from Campus SSO is not valid." }),
    );
    expect(await screen.findByText(/not valid/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to log in" })).toBeInTheDocument();
  });

  it("turns a deletion confirmation into a proof for the settings page, without signing in again", async () => {
    rememberOidcFlow("reauth-state", "reauth");
    const { api } = renderApp("/login/oidc/callback?state=reauth-state&code=c2", { storedRefresh: "stored" });
    api.on("POST /v1/auth/refresh", () => json(200, tokens()));
    api.on("POST /v1/auth/reauth/oidc/finish", () =>
      json(200, { reauth_proof: "proof-1", provider: "campus", expires_at: "2999-01-01T00:00:00Z" }),
    );
    await waitFor(() => expect(readReauthProof()?.reauth_proof).toBe("proof-1"));
    const call = api.calls.find((c) => c.route === "POST /v1/auth/reauth/oidc/finish");
    expect(JSON.parse(call?.body ?? "{}")).toEqual({ state: "reauth-state", code: "c2" });
    expect(api.count("POST /v1/auth/oidc/callback")).toBe(0);
  });
});
