import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

const consentText = {
  version: "2026-11-1",
  text: "Camera: your video never leaves your device.",
  scopes: [
    { id: "camera", label: "Camera", description: "Numbers only.", required: true },
    { id: "microphone", label: "Microphone", description: "Transcribed on the server.", required: true },
    { id: "recording", label: "Session recording (optional)", description: "Kept if on.", required: false },
  ],
};

const accepted = {
  current_version: "2026-11-1",
  has_current: true,
  items: [
    {
      id: "c1",
      consent_version: "2026-11-1",
      scopes: ["camera", "microphone"],
      client: "test",
      created_at: "2026-11-20T10:00:00Z",
      current: true,
    },
  ],
};

const settings = {
  retention_days: 365,
  recording_default: false,
  practice_minutes_per_day: 20,
  chosen: true,
  retention_choices: [30, 90, 365, null],
};

function signedInSettings(overrides: { consents?: unknown; methods?: unknown } = {}) {
  const ctx = renderApp("/settings", { storedRefresh: "stored-refresh-token" });
  const { api } = ctx;
  api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  api.on("GET /v1/consents/current", () => json(200, consentText));
  api.on("GET /v1/users/me/consents", () => json(200, overrides.consents ?? accepted));
  api.on("GET /v1/users/me/privacy", () => json(200, settings));
  api.on("GET /v1/users/me/exports", () => json(200, { items: [] }));
  api.on("GET /v1/auth/reauth/methods", () => json(200, overrides.methods ?? { password: true, providers: [] }));
  api.on("GET /v1/users/me/audit", () =>
    json(200, {
      items: [
        {
          id: 1,
          actor_id: null,
          action: "consent.accept",
          target_type: "user",
          target_id: "u",
          request_id: "r",
          details: {},
          created_at: "2026-11-20T10:00:00Z",
        },
      ],
      total: 1,
      page: 1,
      page_size: 20,
    }),
  );
  return ctx;
}

describe("Settings: privacy and data", () => {
  it("asks for consent when none is current and requires camera and microphone", async () => {
    const { api, user } = signedInSettings({
      consents: { current_version: "2026-11-1", has_current: false, items: [] },
    });
    api.on("POST /v1/users/me/consents", () => json(201, accepted.items[0]));

    expect(await screen.findByText("Consent needed before practising")).toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: /Camera/ }));
    await user.click(screen.getByRole("button", { name: "Accept version 2026-11-1" }));
    expect(screen.getByText("Practice sessions need: Microphone.")).toBeInTheDocument();
    expect(api.count("POST /v1/users/me/consents")).toBe(0);

    await user.click(screen.getByRole("checkbox", { name: /Microphone/ }));
    await user.click(screen.getByRole("button", { name: "Accept version 2026-11-1" }));
    const sent = api.calls.find((c) => c.route === "POST /v1/users/me/consents");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ consent_version: "2026-11-1", scopes: ["camera", "microphone"] });
    expect(await screen.findByText("Consent given")).toBeInTheDocument();
  });

  it("confirms before a shorter retention deletes sessions", async () => {
    const { api, user } = signedInSettings();
    api.on("PUT /v1/users/me/privacy", () => json(200, { ...settings, retention_days: 30 }));

    await user.click(await screen.findByRole("radio", { name: /30 days/ }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    const panel = screen.getByRole("region", { name: "Delete sessions older than 30 days?" });
    expect(within(panel).getByText(/permanently deleted within the hour/)).toBeInTheDocument();
    expect(api.count("PUT /v1/users/me/privacy")).toBe(0);

    await user.click(within(panel).getByRole("button", { name: "Yes, keep only 30 days" }));
    expect(await screen.findByText("Your settings are saved.")).toBeInTheDocument();
    const sent = api.calls.find((c) => c.route === "PUT /v1/users/me/privacy");
    expect(JSON.parse(sent?.body ?? "{}")).toMatchObject({ retention_days: 30 });
  });

  it("prepares an export and offers the download once the job is done", async () => {
    const { api, user } = signedInSettings();
    const pending = {
      export_id: "e1",
      export_type: "zip",
      status: "pending",
      session_id: null,
      created_at: "2026-11-20T10:00:00Z",
      expires_at: null,
      download_url: null,
      error: null,
    };
    api.on("POST /v1/users/me/export", () => json(202, pending));
    api.on("GET /v1/exports/e1", () =>
      json(200, {
        ...pending,
        status: "ready",
        expires_at: "2026-11-21T10:00:00Z",
        download_url: "/v1/exports/e1/download",
      }),
    );

    await user.click(await screen.findByRole("button", { name: "Prepare my data" }));
    expect(await screen.findByText(/Your file is ready/, {}, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download" })).toBeInTheDocument();
  });

  it("refuses account deletion with a wrong password and says nothing was deleted", async () => {
    const { api, user } = signedInSettings();
    api.on("DELETE /v1/users/me", () =>
      json(403, {
        error: "ReauthenticationFailed",
        detail: "That password is not correct, so nothing was deleted.",
      }),
    );

    await user.click(await screen.findByRole("button", { name: "Delete my account…" }));
    const panel = screen.getByRole("region", { name: "This deletes everything, for good" });
    expect(within(panel).getByText(/every recording/)).toBeInTheDocument();
    await user.type(within(panel).getByLabelText("Your password"), "wrong password");
    await user.click(within(panel).getByRole("button", { name: "Delete my account and data" }));

    expect(await within(panel).findByText(/nothing was deleted/)).toBeInTheDocument();
    expect(within(panel).getByLabelText("Your password")).toHaveAttribute("aria-invalid", "true");
  });

  it("cancels the deletion step with Escape and puts focus back on its button", async () => {
    const { user } = signedInSettings();

    const open = await screen.findByRole("button", { name: "Delete my account…" });
    await user.click(open);
    // The panel replaced the button: its heading has focus, so the warning is read first.
    expect(screen.getByRole("heading", { name: "This deletes everything, for good" })).toHaveFocus();
    await user.keyboard("{Escape}");

    expect(screen.queryByRole("region", { name: "This deletes everything, for good" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete my account…" })).toHaveFocus();
  });

  it("deletes the account, signs out and says so", async () => {
    const { api, user, storage } = signedInSettings();
    api.on("DELETE /v1/users/me", () => new Response(null, { status: 204 }));
    api.on("POST /v1/auth/logout", () => new Response(null, { status: 204 }));

    await user.click(await screen.findByRole("button", { name: "Delete my account…" }));
    await user.type(screen.getByLabelText("Your password"), "correct horse battery staple");
    await user.click(screen.getByRole("button", { name: "Delete my account and data" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Your account is deleted" })).toBeInTheDocument();
    const sent = api.calls.find((c) => c.route === "DELETE /v1/users/me");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ password: "correct horse battery staple" });
    await waitFor(() => expect(storage.get()).toBeNull());
    expect(api.count("POST /v1/auth/logout")).toBe(1);
    expect(screen.getByRole("heading", { level: 1, name: "Your account is deleted" })).toBeInTheDocument();
  });

  it("offers an account without a password to confirm with its provider instead", async () => {
    const { user } = signedInSettings({
      methods: { password: false, providers: [{ id: "campus", name: "Campus SSO" }] },
    });
    await user.click(await screen.findByRole("button", { name: "Delete my account…" }));
    const panel = screen.getByRole("region", { name: "This deletes everything, for good" });
    expect(await within(panel).findByRole("button", { name: "Confirm with Campus SSO" })).toBeEnabled();
    expect(within(panel).queryByLabelText("Your password")).not.toBeInTheDocument();
    // Nothing to delete with until the provider confirmed.
    expect(within(panel).getByRole("button", { name: "Delete my account and data" })).toBeDisabled();
  });

  it("deletes with the provider's confirmation once back from the provider, and spends it", async () => {
    sessionStorage.setItem(
      "moodlens.oidc.reauth-proof",
      JSON.stringify({ reauth_proof: "proof-123", provider: "campus", expires_at: "2999-01-01T00:00:00Z" }),
    );
    const { api, user } = signedInSettings({
      methods: { password: false, providers: [{ id: "campus", name: "Campus SSO" }] },
    });
    api.on("DELETE /v1/users/me", () => new Response(null, { status: 204 }));
    api.on("POST /v1/auth/logout", () => new Response(null, { status: 204 }));

    const panel = await screen.findByRole("region", { name: "This deletes everything, for good" });
    expect(await within(panel).findByText("Confirmed with Campus SSO")).toBeInTheDocument();
    await user.click(within(panel).getByRole("button", { name: "Delete my account and data" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Your account is deleted" })).toBeInTheDocument();
    const sent = api.calls.find((c) => c.route === "DELETE /v1/users/me");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ reauth_proof: "proof-123" });
    expect(sessionStorage.getItem("moodlens.oidc.reauth-proof")).toBeNull();
  });
});
