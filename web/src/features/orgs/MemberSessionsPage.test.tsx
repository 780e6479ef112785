import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatDate } from "../../lib/dates";
import { deferred, json, tokens } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import type { Dashboard, MemberSessions } from "./types";

const ORG_ID = "0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
const USER_ID = "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c";
const MEMBER = `GET /v1/orgs/${ORG_ID}/users/${USER_ID}/sessions`;
const path = `/institute/${ORG_ID}/members/${USER_ID}`;

const labels = {
  communication: "Communication",
  confidence: "Delivery",
  structure: "Structure",
  relevance: "Relevance",
};

function scores(overall: number, c: number, d: number, s: number, r: number) {
  return { overall, communication: c, confidence: d, structure: s, relevance: r };
}

const sharedSession = {
  session_id: "11111111-1111-4111-8111-111111111111",
  title: "Behavioural round: ownership",
  role_track: "sde",
  round_type: "behavioral",
  ended_at: "2026-11-20T10:00:00Z",
  shared_with_org: true,
  scores: scores(72, 70, 68.4, 75, 76),
  shared: {
    summary_text: "Clear answers with a measurable result.",
    answers: [
      {
        question_id: "33333331-3333-4333-8333-333333333333",
        sequence_no: 1,
        question_text: "Tell me about a project you led.",
        transcript: "I led the billing rewrite.",
        input_mode: "voice",
      },
      {
        question_id: "33333332-3333-4333-8333-333333333333",
        sequence_no: 2,
        question_text: "A time you disagreed?",
        transcript: "I asked for data first.",
        input_mode: "typed",
      },
    ],
    metrics: { wpm: 141.2, attention: 0.73, face_seen_ratio: 0.97, smile_share: null },
  },
};

const privateSession = {
  session_id: "22222222-2222-4222-8222-222222222222",
  title: "HR screen",
  role_track: "sde",
  round_type: "hr",
  ended_at: "2026-11-12T10:00:00Z",
  shared_with_org: false,
  scores: null,
  shared: null,
};

const member: MemberSessions = {
  organization_id: ORG_ID,
  user_id: USER_ID,
  name: "Asha",
  labels,
  sessions: [sharedSession, privateSession],
};

const dashboard: Dashboard = {
  organization_id: ORG_ID,
  organization_name: "Placement Cell",
  group_id: null,
  group_name: null,
  my_role: "owner",
  member_count: 3,
  sharing_count: 1,
  threshold: 5,
  cohort: null,
  message: "Cohort figures appear once at least 5 members share their progress. 1 of 3 members shares now.",
  labels,
  members: [
    {
      user_id: USER_ID,
      name: "Asha",
      role: "member",
      session_count: 2,
      scored_count: 1,
      last_session_at: "2026-11-20T10:00:00Z",
      latest: scores(72, 70, 68, 75, 76),
      average: scores(72, 70, 68, 75, 76),
      trend: null,
      weakest: { dimension: "confidence", label: "Delivery", score: 68 },
    },
  ],
};

function signedInAt(at: string) {
  const ctx = renderApp(at, { storedRefresh: "stored-refresh-token" });
  ctx.api.on("POST /v1/auth/refresh", () => json(200, tokens()));
  return ctx;
}

describe("A member's sessions (admin view)", () => {
  it("opens from the dashboard's member row by keyboard and shows scores, shared answers and the view note", async () => {
    const { api, user, router } = signedInAt(`/institute/${ORG_ID}/dashboard`);
    api.on(`GET /v1/orgs/${ORG_ID}/dashboard`, () => json(200, dashboard));
    api.on(MEMBER, () => json(200, member));

    const table = await screen.findByRole("table", { name: "Members who share their progress" });
    const link = within(table).getByRole("link", { name: "Asha" });
    expect(link).toHaveAttribute("href", path);
    link.focus();
    await user.keyboard("{Enter}");

    const heading = await screen.findByRole("heading", { level: 1, name: "Asha: sessions" });
    expect(router.state.location.pathname).toBe(path);
    // A route change puts keyboard and screen-reader users at the start of the new page.
    expect(heading).toHaveFocus();
    expect(api.count(MEMBER)).toBe(1);
    expect(screen.getByText("Asha is told about each view.")).toBeInTheDocument();

    const list = screen.getByRole("list", { name: "Sessions of Asha" });
    const [shared, hidden] = within(list).getAllByRole("article");
    if (!shared || !hidden) throw new Error("two session cards expected");
    expect(shared).toHaveAccessibleName("Behavioural round: ownership");
    const card = within(shared);
    // Dates follow the app's one locale rule (the reader's locale), like the report page's.
    expect(card.getByText(`Ended ${formatDate("2026-11-20T10:00:00Z")}`)).toBeInTheDocument();
    const scoreList = within(card.getByLabelText("Scores"));
    expect(scoreList.getByText("Delivery").nextElementSibling).toHaveTextContent("68");
    expect(scoreList.getByText("Overall").nextElementSibling).toHaveTextContent("72");

    // The shared detail is a native disclosure (jsdom does not open one by keyboard; the e2e
    // opens it with Enter in Chromium).
    const summary = card.getByText("Answers and cues Asha shared (2 answers)");
    await user.click(summary);
    expect(summary.closest("details")).toHaveAttribute("open");
    expect(card.getByText("Clear answers with a measurable result.")).toBeVisible();
    expect(card.getByText("Question 1: Tell me about a project you led.")).toBeInTheDocument();
    expect(card.getByText(/I asked for data first\./)).toHaveTextContent("(typed answer)");
    expect(card.getByText("Facing the camera").nextElementSibling).toHaveTextContent("73%");
    expect(card.getByText("Speaking pace").nextElementSibling).toHaveTextContent("141 wpm");
    // A cue the session has no value for is left out rather than shown as a dash.
    expect(card.queryByText("Smiling")).not.toBeInTheDocument();
    expect(card.getByText(/do not over-interpret them/)).toBeInTheDocument();

    const other = within(hidden);
    expect(other.getByText("No scores yet: the report of this session is still being built.")).toBeInTheDocument();
    expect(other.getByText("Answers and face cues are private: Asha has not shared this session.")).toBeInTheDocument();
    expect(other.queryByText(/Answers and cues Asha shared/)).not.toBeInTheDocument();

    expect(screen.getByRole("link", { name: "← Cohort dashboard" })).toHaveAttribute(
      "href",
      `/institute/${ORG_ID}/dashboard`,
    );
  });

  it("shows a typed-only session's delivery as not measured, not as a number", async () => {
    const { api } = signedInAt(path);
    const typed = { ...sharedSession, scores: { ...scores(64, 60, 0, 66, 67), confidence: null } };
    api.on(MEMBER, () => json(200, { ...member, sessions: [typed] }));

    const list = await screen.findByRole("list", { name: "Sessions of Asha" });
    const scoreList = within(within(list).getByRole("article")).getByLabelText("Scores");
    expect(within(scoreList).getByText("Delivery").nextElementSibling).toHaveTextContent("not measured");
    expect(within(scoreList).getByText("Overall").nextElementSibling).toHaveTextContent("64");
  });

  it("says so while loading and when the member has no completed sessions", async () => {
    const { api } = signedInAt(path);
    const answer = deferred<Response>();
    api.on(MEMBER, () => answer.promise);

    expect(await screen.findByText("Loading the member's sessions…")).toBeInTheDocument();
    answer.resolve(json(200, { ...member, sessions: [] }));

    expect(await screen.findByText("Asha has no completed sessions yet.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Sessions of Asha" })).not.toBeInTheDocument();
    expect(screen.getByText("Asha is told about each view.")).toBeInTheDocument();
  });

  it("explains a member who keeps their progress private (403)", async () => {
    const { api } = signedInAt(path);
    api.on(MEMBER, () =>
      json(403, {
        error: "MemberNotSharing",
        detail:
          "Asha has not agreed to share their progress with Placement Cell, so their sessions and scores stay private. Members turn sharing on themselves.",
      }),
    );

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("This member's sessions are private")).toBeInTheDocument();
    expect(within(alert).getByText(/Members turn sharing on themselves/)).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Member's sessions" })).toBeInTheDocument();
  });

  it("explains that only owners and admins may look (403 for a plain member)", async () => {
    const { api } = signedInAt(path);
    api.on(MEMBER, () =>
      json(403, {
        error: "OrgAdminRequired",
        detail: "Only the owner and admins of Placement Cell can see members' sessions; you are a member.",
      }),
    );

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("Only the owner and admins can see members' sessions")).toBeInTheDocument();
    expect(within(alert).getByText(/you are a member/)).toBeInTheDocument();
  });

  it("says the member was not found (404), without the raw ids", async () => {
    const { api } = signedInAt(path);
    api.on(MEMBER, () =>
      json(404, { error: "MemberNotFound", detail: `No member with id ${USER_ID} in Placement Cell.` }),
    );

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("This member was not found")).toBeInTheDocument();
    expect(within(alert).getByText(/They may have left the organization, or the link is wrong/)).toBeInTheDocument();
    expect(alert).not.toHaveTextContent(USER_ID);
  });

  it("offers another try when the server fails", async () => {
    const { api, user } = signedInAt(path);
    let calls = 0;
    api.on(MEMBER, () => {
      calls += 1;
      return calls === 1 ? json(503, { error: "Unavailable", detail: "down" }) : json(200, member);
    });

    await user.click(await screen.findByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Asha: sessions" })).toBeInTheDocument();
  });
});
