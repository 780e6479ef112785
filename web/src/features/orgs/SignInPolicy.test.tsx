import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

const ORG = {
  id: "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3",
  name: "Placement Cell",
  plan_tier: "free",
  required_provider: null,
  created_at: "2026-11-01T10:00:00Z",
  my_role: "owner",
  shares_progress: false,
  member_count: 3,
  joined_at: "2026-11-02T10:00:00Z",
};

describe("Institute sign-in policy", () => {
  it("lets the owner require the institute's provider", async () => {
    const { api, user } = renderApp("/institute", { storedRefresh: "stored-refresh-token" });
    api.on("POST /v1/auth/refresh", () => json(200, tokens()));
    api.on("GET /v1/orgs", () => json(200, { items: [ORG] }));
    api.on("GET /v1/auth/providers", () => json(200, { items: [{ id: "campus", name: "Campus SSO" }] }));
    api.on(`PUT /v1/orgs/${ORG.id}/sign-in`, () => json(200, { ...ORG, required_provider: "campus" }));

    await user.selectOptions(await screen.findByLabelText("Members sign in with"), "campus");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    const call = api.calls.find((c) => c.route === `PUT /v1/orgs/${ORG.id}/sign-in`);
    expect(JSON.parse(call?.body ?? "{}")).toEqual({ required_provider: "campus" });
  });
});
