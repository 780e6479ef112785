import { configure, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

vi.setConfig({ testTimeout: 20_000 });
// The page waits for its queries; on a loaded shared machine that can take more than 1 s.
configure({ asyncUtilTimeout: 10_000 });

function consented(scopes: string[]) {
  return {
    current_version: "v2",
    has_current: true,
    items: [
      { id: "c1", consent_version: "v2", scopes, client: "test", created_at: "2026-12-03T10:00:00Z", current: true },
    ],
  };
}

function deviceCheck(scopes: string[]) {
  const ctx = renderApp("/practice/device-check?session=s1", { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  ctx.api.on("GET /v1/users/me/consents", () => json(200, consented(scopes)));
  return ctx;
}

describe("Device check follows the consent", () => {
  it("checks only the microphone and offers audio-only or typed answers without the camera consent", async () => {
    deviceCheck(["microphone"]);

    expect(await screen.findByRole("button", { name: "Turn on microphone" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Turn on camera and microphone" })).not.toBeInTheDocument();
    expect(screen.getByText(/The camera stays off: your consent does not include it/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Start the interview" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Continue audio-only" })).toHaveAttribute(
      "href",
      "/practice/s1?mode=audio",
    );
    expect(screen.getByRole("link", { name: "Continue typed-only" })).toHaveAttribute(
      "href",
      "/practice/s1?mode=typed",
    );
  });

  it("asks for no device at all when the consent allows typed answers only", async () => {
    deviceCheck([]);

    expect(await screen.findByText("Typed answers only")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Turn on/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: /Start the interview|Continue/ }).map((l) => l.textContent)).toEqual([
      "Continue typed-only",
    ]);
  });

  it("offers every mode with camera and microphone", async () => {
    deviceCheck(["camera", "microphone"]);

    expect(await screen.findByRole("button", { name: "Turn on camera and microphone" })).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: /Start the interview|Continue/ }).map((l) => l.textContent)).toEqual([
      "Start the interview",
      "Continue audio-only",
      "Continue typed-only",
    ]);
  });
});
