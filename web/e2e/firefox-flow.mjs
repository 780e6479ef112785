// @ts-check
/**
 * Drives the candidate flow in Firefox (issue 5: "works in Chromium and Firefox") and prints
 * one JSON object with what it saw on stdout (progress goes to stderr). Run by
 * tests/e2e/test_firefox_flow.py, which checks the result against the server's database.
 *
 *   node web/e2e/firefox-flow.mjs --base-url http://127.0.0.1:8000 --email a@b.c --password pw \
 *     --audio tests/fixtures/audio/fillers_us_160.wav --audio tests/fixtures/audio/pauses_us_130.wav
 *
 * Scenarios (--scenario):
 * - "interview" (default): login -> consent -> setup -> device check -> interview room, one
 *   spoken answer per --audio file (the first ends by itself after the silence, later ones
 *   with "Done answering"), the next question after them -> End session -> report page.
 *   With --fake-camera (below) the device check and the room see the astronaut video, one
 *   canvas camera for both (the app routes to the room without reloading the page); the
 *   result's camera holds its start on the page's wall clock (Date.now() at that moment,
 *   camera.startedAtWallMs), from which the test places the video on the session's clock.
 *   --refuse-16k-microphone makes the app's 16 kHz AudioContext refuse the microphone the way
 *   Firefox did until recently ("Connecting AudioNodes from AudioContexts with different
 *   sample-rate is currently not supported", Mozilla bug 1725336, reported up to Firefox 150;
 *   the 153 here accepts it and resamples itself), so the app takes its other path: a context
 *   at the device's rate and resampling in its own AudioWorklet.
 * - "no-sound-output": Firefox as it runs on a machine without a sound output, where it never
 *   starts an AudioContext: the device check must name the problem and the room must fall
 *   back to typed answers instead of hanging; one typed answer -> End session -> report page.
 * - "face-check": login -> the device check page (the user has accepted the consent through
 *   the API) with the astronaut video as the camera (--fake-camera, below) for --observe-s
 *   seconds of face windows, which it returns with the camera's clock, and with some frames of
 *   the canvas (--render-frame I, as PNG data URLs) to compare with the Chromium video.
 *
 * Firefox is Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (Playwright's
 * Firefox does not work with it). Camera and microphone are Firefox's fake devices
 * (media.navigator.streams.fake): a synthetic video without a face and a sine tone. Firefox
 * has no file-backed fake microphone, so in the interview room the driver replaces the fake
 * microphone's track with a Web Audio graph (a 48 kHz AudioContext) that plays the --audio
 * WAVs, one per question when the driver says so: the counterpart of Chromium's
 * --use-file-for-fake-audio-capture. The app's own capture (AudioWorklet, 16 kHz PCM16, live
 * socket) runs unchanged on that track. The device check keeps Firefox's own fake tone.
 *
 * Firefox has no file-backed fake camera either, and its synthetic video shows no face. With
 * --fake-camera DIR (scripts/make_video_fixtures.py's write_canvas_video: the astronaut photo,
 * the cover board and each frame's transform) the driver replaces the video track that
 * getUserMedia returns with a canvas.captureStream() track of a canvas on which it draws the
 * same video as Chromium's y4m fake camera: the same motion, the same covered stretches, 15
 * frames/s, looped, frame i shown from camera start + i/15 s on the page's performance.now()
 * clock (returned as camera.startedAtMs, the clock of the face windows). The app's face
 * analysis (<video>, drawImage, the nets) runs unchanged on that track.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import puppeteer from "puppeteer-core";
import { initScript } from "./firefox-init.mjs";

const { values: args } = parseArgs({
  options: {
    "base-url": { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    scenario: { type: "string", default: "interview" },
    audio: { type: "string", multiple: true, default: [] },
    "refuse-16k-microphone": { type: "boolean", default: false },
    "typed-answer": {
      type: "string",
      default: "I planned the migration in small steps and kept the old path running.",
    },
    "fake-camera": { type: "string" },
    "observe-s": { type: "string", default: "27" },
    "render-frame": { type: "string", multiple: true, default: [] },
    firefox: { type: "string", default: "/usr/bin/firefox-esr" },
    "step-timeout-ms": { type: "string", default: "90000" },
  },
});
const { email, password, scenario } = args;
const baseUrl = args["base-url"];
if (!baseUrl || !email || !password || !["interview", "no-sound-output", "face-check"].includes(scenario)) {
  console.error(
    "usage: firefox-flow.mjs --base-url URL --email E --password P [--scenario interview|no-sound-output|face-check] [--refuse-16k-microphone] [--fake-camera DIR] --audio A.wav ...",
  );
  process.exit(2);
}
if (scenario === "interview" && args.audio.length < 1) {
  console.error("the interview scenario needs an --audio file per answer");
  process.exit(2);
}
if (scenario === "face-check" && !args["fake-camera"]) {
  console.error(
    "the face-check scenario needs --fake-camera DIR (scripts/make_video_fixtures.py's write_canvas_video)",
  );
  process.exit(2);
}
const STEP_MS = Number(args["step-timeout-ms"]);
const OBSERVE_MS = Number(args["observe-s"]) * 1000;
const answers = args.audio.map((path) => readFileSync(path).toString("base64"));

/** @typedef {import("./firefox-init.mjs").FakeCameraSpec} FakeCameraSpec */
/** @type {FakeCameraSpec | null} */
const fakeCamera = args["fake-camera"]
  ? {
      ...JSON.parse(readFileSync(join(args["fake-camera"], "video.json"), "utf8")),
      photo: `data:image/png;base64,${readFileSync(join(args["fake-camera"], "astronaut.png")).toString("base64")}`,
      board: `data:image/png;base64,${readFileSync(join(args["fake-camera"], "board.png")).toString("base64")}`,
    }
  : null;

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: args.firefox,
  headless: true,
  extraPrefsFirefox: {
    "media.navigator.streams.fake": true,
    "media.navigator.permission.disabled": true,
    // The test machine has no sound card and no sound server, and Firefox then never starts
    // an AudioContext. For the interview, Firefox's mock audio backend stands in for the
    // speakers and clocks the audio graph (the device check's meter needs it too); the
    // no-sound-output scenario leaves it out on purpose.
    ...(scenario !== "no-sound-output" ? { "media.cubeb.force_mock_context": true } : {}),
  },
});
// For the test runner: should this driver be killed before it closes Firefox, the runner ends
// Firefox (a process group of its own) by this id.
console.error(`[firefox-flow] firefox pid ${browser.process()?.pid ?? "unknown"}`);
/** @type {Record<string, any>} */
const result = { ok: false, scenario, steps: [] };
const firefoxConsole = /** @type {string[]} */ ([]);
const t0 = Date.now();
const step = (/** @type {string} */ name) => {
  result.steps.push({ name, atS: (Date.now() - t0) / 1000 });
  console.error(`[firefox-flow] ${((Date.now() - t0) / 1000).toFixed(1)} s ${name}`);
};

try {
  result.browser = await browser.version();
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(STEP_MS);
  page.on("console", (m) => firefoxConsole.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => firefoxConsole.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
  await page.setViewport({ width: 1280, height: 800 });
  await page.evaluateOnNewDocument(initScript);
  if (scenario === "interview")
    await page.evaluateOnNewDocument(() => {
      /** @type {any} */ (window).__scriptedMic = true;
    });
  if (args["refuse-16k-microphone"])
    await page.evaluateOnNewDocument(() => {
      /** @type {any} */ (window).__refuse16k = true;
    });
  if (fakeCamera)
    await page.evaluateOnNewDocument((spec) => {
      /** @type {any} */ (window).__fakeCameraSpec = spec;
    }, fakeCamera);

  // Elements by accessible role and name, as a screen reader (and Playwright's get_by_role)
  // finds them. Element handles, not locators: a p-aria locator never settles over BiDi.
  const byRole = (/** @type {string} */ role, /** @type {string} */ name) => {
    const find = async () => {
      const el = await page.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { visible: true });
      if (!el) throw new Error(`no ${role} "${name}"`);
      return el;
    };
    return { wait: find, click: async () => (await find()).click() };
  };
  const text = (/** @type {string} */ s, timeout = STEP_MS) =>
    page.waitForFunction((s) => document.body.innerText.includes(s), { timeout }, s);
  // The question card's heading: "Question 2", or "Question 2 · Follow-up".
  const question = (/** @type {number} */ n) =>
    page.waitForFunction(
      (n) =>
        [...document.querySelectorAll("h2")].some((h) => new RegExp(`^Question ${n}\\b`).test(h.textContent ?? "")),
      { timeout: STEP_MS },
      n,
    );
  const gumCalls = () => page.evaluate(() => /** @type {number} */ (/** @type {any} */ (window).__gumCalls));

  step("login");
  await page.goto(new URL("/login", baseUrl).href);
  await (await page.waitForSelector("::-p-aria(Email)"))?.type(email);
  await (await page.waitForSelector("::-p-aria(Password)"))?.type(password);
  await byRole("button", "Log in").click();
  await byRole("heading", "Your sessions").wait();
  if (scenario === "face-check") {
    // The user accepted the consent through the API: straight to the device check.
    step("device check");
    await page.goto(new URL("/practice/device-check", baseUrl).href);
    await byRole("heading", "Check your camera and microphone").wait();
    await byRole("button", "Turn on camera and microphone").click();
    // Models load from this origin and the first face is found.
    await text("Face in frame.", 30_000);
    step("face found");
    await page.waitForFunction(
      (ms) => {
        const windows = /** @type {any} */ (window).__moodlensProbe.windows;
        return windows.length > 0 && windows[windows.length - 1].endMs - windows[0].startMs >= ms;
      },
      { timeout: OBSERVE_MS + 30_000 },
      OBSERVE_MS,
    );
    step("observed");
    result.face = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      return { windows: w.__moodlensProbe.windows, camera: w.__fakeCamera?.camera ?? null };
    });
    result.frames = {};
    for (const i of args["render-frame"]) {
      result.frames[i] = await page.evaluate((i) => /** @type {any} */ (window).__fakeCamera.render(i), Number(i));
    }
  } else {
    await byRole("link", "Start a practice session").click();

    // Consent: nothing is captured before it (DESIGN §8).
    step("consent");
    await byRole("heading", "Before you start: what MoodLens captures").wait();
    result.gumCalls = { atConsent: await gumCalls() };
    result.recordingSwitchOn = await page.$eval(
      "input[name=recording]",
      (el) => /** @type {HTMLInputElement} */ (el).checked,
    );
    // Each device is asked for on its own: with none ticked, only typed answers are possible.
    await text("With these choices you can practise with typed answers.");
    // (The checkboxes' accessible names include their hint text: found by input name.)
    await (await page.waitForSelector("input[type=checkbox][name=camera]"))?.click();
    await (await page.waitForSelector("input[type=checkbox][name=microphone]"))?.click();
    await byRole("button", "Accept and continue").click();

    step("setup");
    await byRole("button", "Continue to the device check").wait();
    await page.select('::-p-aria([name="Role"][role="combobox"])', "sde");
    await page.select('::-p-aria([name="Round"][role="combobox"])', "behavioral");
    result.gumCalls.atSetup = await gumCalls();
    await byRole("button", "Continue to the device check").click();

    step("device check");
    await byRole("heading", "Check your camera and microphone").wait();
    result.gumCalls.atDeviceCheck = await gumCalls();
    await byRole("button", "Turn on camera and microphone").click();
    if (scenario === "interview") {
      // Face analysis runs on the camera and the meter shows Firefox's fake tone.
      await page.waitForFunction(
        () => {
          const w = /** @type {any} */ (window);
          const meter = document.querySelector('[role="meter"]');
          return w.__moodlensProbe.deviceWindows >= 6 && meter?.getAttribute("aria-valuetext")?.endsWith(" dB");
        },
        { timeout: STEP_MS },
      );
    } else {
      // The microphone opens but Firefox never starts the AudioContext: named, not a hang.
      await text("Your browser did not start processing sound", 30_000);
      await page.waitForFunction(() => /** @type {any} */ (window).__moodlensProbe.deviceWindows >= 4, {
        timeout: STEP_MS,
      });
    }
    result.deviceCheck = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      const meter = document.querySelector('[role="meter"]');
      return {
        windows: w.__moodlensProbe.deviceWindows,
        face: w.__moodlensProbe.deviceStats,
        meter: meter?.getAttribute("aria-valuetext") ?? null,
      };
    });
    await byRole("link", "Start the interview").click();
    result.sessionId = new URL(page.url()).pathname.split("/practice/")[1];

    if (scenario === "interview") {
      result.played = [];
      for (const [i, wav] of answers.entries()) {
        step(`question ${i + 1}`);
        await question(i + 1);
        if (i === 0) await text("Connection: Live");
        await text("Start speaking when you are ready");
        const played = await page.evaluate((b64) => /** @type {any} */ (window).__fakeMic.play(b64), wav);
        result.played.push(played);
        // The speech gate starts the answer by itself.
        await text("Answering:", 30_000);
        step(`answering ${i + 1}`);
        if (i === 0) {
          // A cue arrives while speaking; the answer then ends after the silence by itself.
          await page.waitForFunction(() => /** @type {any} */ (window).__moodlensProbe.cues.length > 0, {
            timeout: 30_000,
          });
        } else {
          await sleep(played.durationS * 1000 + 1500);
          result.doneClickedAtMs = Date.now();
          await byRole("button", "Done answering").click();
        }
      }
      step(`question ${answers.length + 1}`);
      await question(answers.length + 1);
    } else {
      step("typed answer");
      await question(1);
      await text("Connection: Typed answers");
      result.roomNote = await page.evaluate(() => document.querySelector(".alert")?.textContent ?? null);
      // The typed room has no use for the camera: it must be off again.
      result.liveCameraTracks = await page.evaluate(
        () =>
          /** @type {MediaStreamTrack[]} */ (/** @type {any} */ (window).__tracks).filter(
            (t) => t.kind === "video" && t.readyState === "live",
          ).length,
      );
      await (await page.waitForSelector("textarea"))?.type(args["typed-answer"]);
      await byRole("button", "Submit answer").click();
      await question(2);
    }

    result.probe = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      return { cues: w.__moodlensProbe.cues, faceStats: w.__moodlensProbe.stats };
    });
    // The canvas camera's clock and drawing timer (null with Firefox's synthetic camera).
    result.camera = await page.evaluate(() => /** @type {any} */ (window).__fakeCamera?.camera ?? null);
    step("end");
    await byRole("button", "End session").click();
    // Ending asks first (it sits next to Pause).
    await byRole("button", "End and build report").click();
    await page.waitForFunction(
      (id) => location.pathname === `/sessions/${id}/report`,
      { timeout: 120_000 },
      result.sessionId,
    );
    step("report");
    result.finalUrl = page.url();
    result.sent = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      const s = w.__sent;
      return {
        audioFrames: s.audioFrames,
        audioSamples: s.audioSamples,
        wallS: s.first ? (s.last.wallMs - s.first.wallMs) / 1000 : null,
        contextS: s.first?.contextS != null ? s.last.contextS - s.first.contextS : null,
        json: s.json,
      };
    });
  }
  result.ok = true;
} catch (err) {
  result.error = err instanceof Error ? err.message : String(err);
  const page = (await browser.pages().catch(() => []))[0];
  result.pageUrl = page?.url();
  result.pageText = await page?.evaluate(() => document.body.innerText.slice(0, 3000)).catch(() => null);
} finally {
  const page = (await browser.pages().catch(() => []))[0];
  result.audioContexts = await page
    ?.evaluate(() =>
      /** @type {any} */ (window).__appContexts.map((/** @type {AudioContext} */ c) => ({
        rate: c.sampleRate,
        state: c.state,
      })),
    )
    .catch(() => null);
  result.log = await page?.evaluate(() => /** @type {any} */ (window).__ffLog).catch(() => null);
  result.console = firefoxConsole.slice(-50);
  result.elapsedS = (Date.now() - t0) / 1000;
  await browser.close().catch(() => undefined);
}
// A pipe takes a large result (the face check's frames are a few MB) in several writes: exit
// only once it is all out.
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(result.ok ? 0 : 1));
