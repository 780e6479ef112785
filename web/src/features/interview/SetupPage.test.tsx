import { configure, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

// The page waits for its queries; on a loaded shared machine that can take more than 1 s.
configure({ asyncUtilTimeout: 10_000 });

const consentText = {
  version: "2026-11-1",
  text: "Camera: your video never leaves your device.",
  scopes: [
    { id: "microphone", label: "Microphone", description: "For spoken answers.", required: false },
    { id: "camera", label: "Camera", description: "For camera cues.", required: false },
    { id: "recording", label: "Session recording (optional)", description: "Kept if on.", required: false },
  ],
};

const none = { current_version: "2026-11-1", has_current: false, items: [] };
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

const template = (role_track: string, round_type: string, difficulty: string) => ({
  id: `${role_track}-${round_type}-${difficulty}`,
  slug: `${role_track}-${round_type}-${difficulty}`,
  title: `${role_track} ${round_type} ${difficulty}`,
  description: "A short description.",
  role_track,
  round_type,
  difficulty,
});

function setupPage(consents: { current: unknown }) {
  const ctx = renderApp("/practice/new", { storedRefresh: "stored-refresh-token" });
  const { api } = ctx;
  api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  api.on("GET /v1/consents/current", () => json(200, consentText));
  api.on("GET /v1/users/me/consents", () => json(200, consents.current));
  api.on("GET /v1/users/me/privacy", () =>
    json(200, {
      retention_days: 90,
      recording_default: false,
      practice_minutes_per_day: 20,
      chosen: true,
      retention_choices: [30, 90, 365, null],
    }),
  );
  api.on("GET /v1/templates", () =>
    json(200, [
      template("sde", "behavioral", "medium"),
      template("sde", "hr", "easy"),
      template("sales", "case", "hard"),
    ]),
  );
  return ctx;
}

describe("Setup page accessibility", () => {
  it("names each choice by its label and reads the hint as its description", async () => {
    setupPage({ current: accepted });

    // The wrapping label would otherwise fold the selected option into the select's name.
    expect(await screen.findByRole("combobox", { name: "Role" })).toHaveValue("sde");
    expect(screen.getByRole("combobox", { name: "Round" })).toBeInTheDocument();
    const twenty = screen.getByRole("radio", { name: "20 minutes" });
    expect(twenty).toHaveAccessibleDescription("About 8-10 questions with follow-ups: a realistic round.");
    // Nothing to move away from here: focus stays where the page put it.
    expect(screen.getByRole("heading", { name: "Choose your interview" })).not.toHaveFocus();
  });

  it("asks for each device on its own: typed practice needs neither, then focus moves to the setup form", async () => {
    const consents = { current: none as unknown };
    const { api, user } = setupPage(consents);
    api.on("POST /v1/users/me/consents", () => {
      consents.current = { ...accepted, items: [{ ...accepted.items[0], scopes: [] }] };
      return json(201, { ...accepted.items[0], scopes: [] });
    });

    const accept = await screen.findByRole("button", { name: "Accept and continue" });
    const recording = screen.getByRole("switch", { name: "Record my sessions (off unless you turn it on)" });
    expect(recording).not.toBeChecked();
    // A recording is the microphone's audio: not on offer without it.
    expect(recording).toBeDisabled();
    const choices = screen.getByRole("group", { name: /I allow/ });
    expect(choices).toHaveAccessibleDescription("With these choices you can practise with typed answers.");
    await user.click(accept);

    const sent = api.calls.find((c) => c.route === "POST /v1/users/me/consents");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ consent_version: "2026-11-1", scopes: [] });
    // The consent form is gone from under the focus; the form that replaced it takes focus.
    const heading = await screen.findByRole("heading", { name: "Choose your interview" });
    expect(heading).toHaveFocus();
    expect(screen.getByRole("form", { name: "Choose your interview" })).toBeInTheDocument();
  });

  it("says which ways of answering each choice allows and sends only what was ticked", async () => {
    const consents = { current: none as unknown };
    const { api, user } = setupPage(consents);
    api.on("POST /v1/users/me/consents", () => {
      consents.current = accepted;
      return json(201, accepted.items[0]);
    });

    const choices = await screen.findByRole("group", { name: /I allow/ });
    const mic = screen.getByRole("checkbox", { name: "Microphone, for spoken answers" });
    expect(mic).toHaveAccessibleDescription("For spoken answers.");
    await user.click(screen.getByRole("checkbox", { name: "Camera, for camera cues" }));
    expect(choices).toHaveAccessibleDescription(
      /typed answers\. Camera cues come with spoken answers: allow the microphone too/,
    );
    await user.click(mic);
    expect(choices).toHaveAccessibleDescription(
      "With these choices you can practise with spoken answers with camera cues, spoken answers or typed answers.",
    );
    const recording = screen.getByRole("switch", { name: "Record my sessions (off unless you turn it on)" });
    await user.click(recording);
    // Unticking the microphone takes the recording with it.
    await user.click(mic);
    expect(recording).not.toBeChecked();
    expect(recording).toBeDisabled();
    await user.click(mic);
    await user.click(screen.getByRole("button", { name: "Accept and continue" }));

    const sent = api.calls.find((c) => c.route === "POST /v1/users/me/consents");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ consent_version: "2026-11-1", scopes: ["microphone", "camera"] });
    expect(await screen.findByRole("heading", { name: "Choose your interview" })).toBeInTheDocument();
  });
});
