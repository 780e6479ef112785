import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApi } from "../../lib/services";
import { unwrap } from "../../lib/apiError";

export const SESSIONS_PAGE_SIZE = 10;

/** One page of the signed-in user's practice sessions, newest first. */
export function useSessionsPage(page: number) {
  const api = useApi();
  return useQuery({
    queryKey: ["sessions", "list", page, SESSIONS_PAGE_SIZE],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/v1/sessions", { params: { query: { page, page_size: SESSIONS_PAGE_SIZE } }, signal })),
    // Keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}
