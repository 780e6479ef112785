import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import createClient from "openapi-fetch";
import type { paths } from "../../../client/schema";
import { AuthSession } from "../../../lib/auth/session";
import { memoryRefreshTokenStorage } from "../../../lib/auth/tokenStorage";
import { ServicesProvider, type Services } from "../../../lib/services";
import { BASE_URL, createFakeApi, json } from "../../../test/fakeApi";
import { AfterAnswer } from "./AfterAnswer";

configure({ asyncUtilTimeout: 10_000 });

describe("AfterAnswer (hosted by the room after an answer)", () => {
  it("shows the refusal when the answer is not stored yet, then the points once it is", async () => {
    const api = createFakeApi();
    let answered = false;
    api.on("GET /v1/sessions/s1/questions/q1/talking-points", () =>
      answered
        ? json(200, {
            question_id: "q1",
            question_text: "Tell me about a bug.",
            points: [{ name: "the root cause", source: "question", hit: false, quote: null, attempt_no: null }],
          })
        : json(409, { error: "NotAnsweredYet", detail: "Talking points appear after you answer this question." }),
    );
    // The component on its own (no app shell): a signed-out session passes requests through.
    const session = new AuthSession({ storage: memoryRefreshTokenStorage(null), baseUrl: BASE_URL, fetch: api.fetch });
    const services: Services = {
      session,
      api: createClient<paths>({ baseUrl: BASE_URL, fetch: session.fetch }),
      queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
    };
    const user = userEvent.setup();
    const view = render(
      <ServicesProvider services={services}>
        <QueryClientProvider client={services.queryClient}>
          <AfterAnswer sessionId="s1" questionId="q1" questionText="Tell me about a bug." />
        </QueryClientProvider>
      </ServicesProvider>,
    );
    await user.click(screen.getByText("Talking points for this question"));
    expect(await screen.findByText(/Talking points appear after you answer this question/)).toBeInTheDocument();

    answered = true;
    await services.queryClient.invalidateQueries();
    const list = await screen.findByRole("list", { name: "Talking points" });
    expect(within(list).getByText("Not covered yet:")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Answer again" })).toBeInTheDocument();
    view.unmount();
  });
});
