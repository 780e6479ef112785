import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter } from "react-router";
import { App } from "../app/App";
import { routes } from "../app/routes";
import { createServices } from "../app/services";
import { memoryRefreshTokenStorage } from "../lib/auth/tokenStorage";
import { BASE_URL, createFakeApi } from "./fakeApi";

/** The whole app (real routes, real AuthSession) on a scripted API, starting at `path`. */
export function renderApp(
  path: string,
  // `routes` registers fakes before the first render, for requests a page makes at once.
  opts: { storedRefresh?: string; routes?: (api: ReturnType<typeof createFakeApi>) => void } = {},
) {
  const api = createFakeApi();
  opts.routes?.(api);
  const storage = memoryRefreshTokenStorage(opts.storedRefresh ?? null);
  const services = createServices({ storage, baseUrl: BASE_URL, fetch: api.fetch });
  // Tests check error states; retries would only slow them down.
  services.queryClient.setDefaultOptions({ queries: { retry: false } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(<App services={services} router={router} />);
  return { ...view, api, storage, services, router, user };
}
