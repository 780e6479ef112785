import { QueryClient } from "@tanstack/react-query";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../client/schema";
import { AuthSession, type AuthSessionOptions } from "../features/auth/session";
import { ApiError } from "../lib/apiError";

export type Api = Client<paths>;

/** Everything stateful the app needs, made once at start-up (and per test). */
export interface Services {
  session: AuthSession;
  api: Api;
  queryClient: QueryClient;
}

export function createServices(options: AuthSessionOptions): Services {
  const session = new AuthSession(options);
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: session.fetch });
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // Client errors (4xx) will not fix themselves; retry only network and server trouble.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  // Cached data belongs to the signed-in user: drop it the moment nobody is signed in.
  session.subscribe(() => {
    if (session.getState().status === "signedOut") queryClient.clear();
  });
  return { session, api, queryClient };
}
