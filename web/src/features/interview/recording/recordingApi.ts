/** The recording endpoints' answers as the uploader needs them (src/moodlens/privacy/router.py). */

/** The server's own words for a refusal, or the status when it gave none. */
export async function describeFailure(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { detail?: unknown } | null;
  return typeof body?.detail === "string" ? body.detail : `The recording upload failed (${res.status}).`;
}

/**
 * POST /complete once the server holds `totalBytes`. A network error, 429 or 5xx is retried
 * twice (after `wait(attempt)`); anything else, or a third failure, throws with the reason.
 */
export async function postComplete(
  fetch: (request: Request) => Promise<Response>,
  url: string,
  totalBytes: number,
  wait: (attempt: number) => Promise<void>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let res: Response | null;
    try {
      res = await fetch(
        new Request(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ total_bytes: totalBytes }),
        }),
      );
    } catch {
      res = null;
    }
    if (res?.ok) return;
    const retryable = res === null || res.status === 429 || res.status >= 500;
    if (!retryable || attempt >= 2)
      throw new Error(res ? await describeFailure(res) : "The recording could not be saved (network).");
    await wait(attempt);
  }
}
