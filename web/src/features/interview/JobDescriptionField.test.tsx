import { configure, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

configure({ asyncUtilTimeout: 10_000 });

const JOB = "Own the reliability of the billing platform and lead incident response for payment outages.";
const accepted = {
  current_version: "v1",
  has_current: true,
  items: [
    {
      id: "c",
      consent_version: "v1",
      scopes: ["microphone"],
      client: "t",
      created_at: "2026-11-20T10:00:00Z",
      current: true,
    },
  ],
};
const template = {
  id: "t1",
  slug: "sde-behavioral-medium",
  title: "SDE behavioural",
  description: "Stories.",
  role_track: "sde",
  round_type: "behavioral",
  difficulty: "medium",
};
const session = { id: "s1", status: "scheduled" };
const profile = {
  skills: [
    { name: "reliability and incidents", source: "vocabulary", terms: ["incident"], evidence: JOB, mentions: 1 },
  ],
  duties: [{ phrase: "own the reliability of the billing platform", skills: [] }],
};

function setup() {
  const ctx = renderApp("/practice/new", { storedRefresh: "r" });
  const { api } = ctx;
  api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  api.on("GET /v1/users/me/consents", () => json(200, accepted));
  api.on("GET /v1/templates", () => json(200, [template]));
  return ctx;
}

describe("Practise for a job on the setup page", () => {
  it("sets a pasted job description on the new session before the device check", async () => {
    const { api, user, router } = setup();
    let put: unknown = null;
    api.on("POST /v1/sessions", () => json(201, session));
    api.on("PUT /v1/sessions/s1/job-description", async (req) => {
      put = await req.json();
      return json(200, { text: JOB, source: "paste", filename: null, profile, created_at: "2026-12-03T10:00:00Z" });
    });
    await user.type(await screen.findByRole("textbox", { name: "Job description" }), JOB);
    await user.click(screen.getByRole("button", { name: "Continue to the device check" }));
    await waitFor(() => expect(router.state.location.search).toBe("?session=s1"));
    expect(put).toEqual({ text: JOB, source: "paste", filename: null });
  });

  it("shows why a job description is refused and removes the session it was meant for", async () => {
    const { api, user, router } = setup();
    let deleted = false;
    api.on("POST /v1/sessions", () => json(201, session));
    api.on("PUT /v1/sessions/s1/job-description", () =>
      json(422, { error: "UnreadableJobDescription", detail: "This job description does not look like English." }),
    );
    api.on("DELETE /v1/sessions/s1", () => {
      deleted = true;
      return new Response(null, { status: 204 });
    });
    await user.type(await screen.findByRole("textbox", { name: "Job description" }), "Wir suchen einen Entwickler");
    await user.click(screen.getByRole("button", { name: "Continue to the device check" }));
    expect(await screen.findByText("This job description does not look like English.")).toBeInTheDocument();
    await waitFor(() => expect(deleted).toBe(true));
    expect(router.state.location.pathname).toBe("/practice/new");
  });

  it("reads an uploaded file into the text box and says what it found", async () => {
    const { api, user } = setup();
    api.on("POST /v1/job-descriptions/extract", async (req) => {
      const form = await req.formData();
      const file = form.get("file") as File;
      // jsdom's multipart round trip drops the file's name; the part itself arrives.
      expect(file).toBeTruthy();
      return json(200, { text: JOB, source: "pdf", filename: "job.pdf", profile });
    });
    const input = await screen.findByLabelText(/Or upload it/);
    await user.upload(input, new File(["%PDF-1.7"], "job.pdf", { type: "application/pdf" }));
    expect(
      await screen.findByText(/Read job.pdf: found 1 skills \(reliability and incidents\) and 1 duties/),
    ).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Job description" })).toHaveValue(JOB);
  });

  it("shows an upload's refusal", async () => {
    const { api, user } = setup();
    api.on("POST /v1/job-descriptions/extract", () =>
      json(422, { error: "UnreadableJobDescription", detail: "This PDF has no text layer (it is probably a scan)." }),
    );
    await user.upload(await screen.findByLabelText(/Or upload it/), new File(["x"], "scan.pdf"));
    expect(await screen.findByText(/no text layer/)).toBeInTheDocument();
  });
});
