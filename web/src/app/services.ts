import { QueryClient } from "@tanstack/react-query";
import createClient from "openapi-fetch";
import type { paths } from "../client/schema";
import { ApiError } from "../lib/apiError";
import { AuthSession, type AuthSessionOptions } from "../lib/auth/session";
import type { Services } from "../lib/services";

export type { Api, Services } from "../lib/services";

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
