import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AudioNotStartedError, resumeWithin } from "./capture";

/** The two members of an AudioContext that resumeWithin uses. */
function context(resume: () => Promise<void>, state: AudioContextState = "suspended") {
  return { state, resume };
}

describe("resumeWithin", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("resolves as soon as the context resumes", async () => {
    await expect(
      resumeWithin(
        context(() => Promise.resolve()),
        5_000,
      ),
    ).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with AudioNotStartedError when resume() never settles", async () => {
    // Firefox without a sound output: the promise stays pending for ever.
    const pending = resumeWithin(
      context(() => new Promise<void>(() => {})),
      5_000,
    );
    const outcome = expect(pending).rejects.toBeInstanceOf(AudioNotStartedError);
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
  });

  it("accepts a context that is running even though resume() has not settled", async () => {
    const pending = resumeWithin(
      context(() => new Promise<void>(() => {}), "running"),
      5_000,
    );
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(pending).resolves.toBeUndefined();
  });

  it("passes on a rejection from resume()", async () => {
    const closed = new DOMException("closed", "InvalidStateError");
    await expect(
      resumeWithin(
        context(() => Promise.reject(closed)),
        5_000,
      ),
    ).rejects.toBe(closed);
  });
});
