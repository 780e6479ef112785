// @ts-check
// The page side of firefox-flow.mjs (see its header): the function it installs in every
// document. Puppeteer sends the function's source to the page, so it uses nothing from this
// module or the driver's scope; what the driver passes in goes through window globals.

/**
 * The canvas camera's video (see firefox-flow.mjs's header): write_canvas_video's video.json
 * with its two images as data URLs.
 * @typedef {{ width: number, height: number, fps: number, faceCentre: [number, number],
 *   crop: [number, number, number, number], frames: Array<[number, number, number] | null>,
 *   photo: string, board: string }} FakeCameraSpec
 */

/**
 * Runs in every document before the app. Counts getUserMedia calls (the consent gate), swaps
 * the room's microphone track for the scripted one (see firefox-flow.mjs's header), records the
 * AudioContexts the app creates and the messages it puts on the live socket, and installs the
 * app's test probe (web/src/features/interview/testProbe.ts).
 */
export function initScript() {
  const w = /** @type {any} */ (window);
  const log = (/** @type {string} */ what) => w.__ffLog.push(`${Math.round(performance.now())} ${what}`);
  w.__ffLog = [];
  w.__gumCalls = 0;
  w.__tracks = [];
  w.__appContexts = [];
  w.__sent = { audioFrames: 0, audioSamples: 0, first: null, last: null, seqs: new Set(), json: {} };
  w.__moodlensProbe = {
    cues: [],
    stats: [],
    deviceWindows: 0,
    deviceStats: null,
    /** @type {any[]} */
    windows: [],
    cue(/** @type {any} */ c) {
      this.cues.push({ ...c, at: performance.now() });
    },
    roomStats(/** @type {any} */ s) {
      if (s.face) this.stats.push(s.face);
    },
    faceWindow(/** @type {any} */ fw, /** @type {any} */ stats, /** @type {number | null} */ cameraStartedAt) {
      this.deviceWindows += 1;
      this.deviceStats = stats;
      this.windows.push({
        startMs: fw.startMs,
        endMs: fw.endMs,
        frames: fw.frames,
        features: fw.features,
        stats,
        cameraStartedAt,
      });
    },
  };

  // The AudioContexts the app creates: their rates show which capture path ran, and their
  // clocks measure the audio that was sent.
  const NativeAudioContext = window.AudioContext;
  class RecordedAudioContext extends NativeAudioContext {
    constructor(/** @type {AudioContextOptions | undefined} */ options) {
      super(options);
      w.__appContexts.push(this);
      log(`AudioContext ${options?.sampleRate ?? "default"} -> ${this.sampleRate} Hz`);
    }
    /** @param {MediaStream} stream */
    createMediaStreamSource(stream) {
      // --refuse-16k-microphone: older Firefox refused to feed a 44.1/48 kHz microphone into
      // a 16 kHz context, which makes the app resample in its AudioWorklet instead.
      if (w.__refuse16k && this.sampleRate === 16000) {
        throw new DOMException(
          "Connecting AudioNodes from AudioContexts with different sample-rate is currently not supported.",
          "NotSupportedError",
        );
      }
      return super.createMediaStreamSource(stream);
    }
  }
  window.AudioContext = RecordedAudioContext;

  /** @type {AudioContext | null} */
  let micContext = null;
  /** @type {MediaStreamAudioDestinationNode | null} */
  let micOut = null;
  w.__fakeMic = {
    /** A new track of the scripted microphone (silent until play()). */
    track() {
      if (!micContext || !micOut) {
        micContext = new NativeAudioContext({ sampleRate: 48000 });
        micOut = micContext.createMediaStreamDestination();
        micOut.channelCount = 1;
      }
      void micContext.resume();
      return /** @type {MediaStreamTrack} */ (micOut.stream.getAudioTracks()[0]).clone();
    },
    /** Plays one WAV (base64) on the room's microphone. */
    async play(/** @type {string} */ b64) {
      if (!micContext || !micOut) throw new Error("the room has not opened the microphone");
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const buffer = await micContext.decodeAudioData(bytes.buffer);
      const node = micContext.createBufferSource();
      node.buffer = buffer;
      node.connect(micOut);
      await micContext.resume();
      node.start();
      log(`play ${buffer.duration.toFixed(2)} s, ${micContext.state} at ${micContext.sampleRate} Hz`);
      return { durationS: buffer.duration, startedAtMs: Date.now() };
    },
  };

  // Audio frames and JSON messages on the live socket (docs/live-protocol.md). Audio frames
  // have a 12-byte header (uint32 seq, float64 t_ms) before the PCM16 samples; resent frames
  // (same seq) count once.
  const send = WebSocket.prototype.send;
  /** @param {string | ArrayBufferLike | Blob | ArrayBufferView} data */
  WebSocket.prototype.send = function (data) {
    const s = w.__sent;
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      const view =
        data instanceof ArrayBuffer ? new DataView(data) : new DataView(data.buffer, data.byteOffset, data.byteLength);
      const seq = view.getUint32(0, true);
      if (!s.seqs.has(seq)) {
        s.seqs.add(seq);
        s.audioFrames += 1;
        s.audioSamples += (view.byteLength - 12) / 2;
        const ctx = w.__appContexts[w.__appContexts.length - 1];
        const mark = { wallMs: performance.now(), contextS: ctx ? ctx.currentTime : null };
        s.first ??= mark;
        s.last = mark;
      }
    } else if (typeof data === "string") {
      try {
        const type = JSON.parse(data).type;
        s.json[type] = (s.json[type] ?? 0) + 1;
      } catch {
        // not JSON: not ours to count
      }
    }
    return send.call(this, data);
  };

  // The canvas camera (see firefox-flow.mjs's header), started by the first getUserMedia that asks for video.
  /** @type {Promise<MediaStreamTrack> | null} */
  let cameraTrack = null;
  const startFakeCamera = async () => {
    const spec = /** @type {FakeCameraSpec} */ (w.__fakeCameraSpec);
    const image = async (/** @type {string} */ src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return img;
    };
    const [photo, board] = await Promise.all([image(spec.photo), image(spec.board)]);
    /** Frame i as make_video_fixtures.py's _moving_face makes it (PIL's rotate, crop, resize). */
    const draw = (/** @type {CanvasRenderingContext2D} */ ctx, /** @type {number} */ i) => {
      const f = spec.frames[i];
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (!f) {
        ctx.drawImage(board, 0, 0, spec.width, spec.height);
        return;
      }
      const [angle, dx, dy] = f;
      const [left, top, right, bottom] = spec.crop;
      const [cx, cy] = spec.faceCentre;
      ctx.fillStyle = "#000";
      ctx.fillRect(0, 0, spec.width, spec.height);
      ctx.setTransform(spec.width / (right - left), 0, 0, spec.height / (bottom - top), 0, 0);
      ctx.translate(cx + dx - left, cy + dy - top);
      // PIL rotates counter-clockwise on screen; the canvas turns clockwise for positive angles.
      ctx.rotate((-angle * Math.PI) / 180);
      ctx.translate(-cx, -cy);
      ctx.drawImage(photo, 0, 0);
    };
    const canvas = document.createElement("canvas");
    canvas.width = spec.width;
    canvas.height = spec.height;
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    const frameMs = 1000 / spec.fps;
    const startedAtMs = performance.now();
    // The same instant on the wall clock: the app maps the session's started_at to
    // performance.now() through Date.now() (liveCapture.ts's sessionOrigin), so this places
    // the video on the session's clock (t_ms of the stored face rows).
    const startedAtWallMs = Date.now();
    /** @type {number[]} */
    const lateMs = [];
    const camera = { startedAtMs, startedAtWallMs, drawn: 0, skipped: 0, lateMs };
    let shown = -1;
    const tick = () => {
      const n = Math.floor((performance.now() - startedAtMs) / frameMs);
      if (n === shown) return;
      if (shown >= 0 && n > shown + 1) camera.skipped += n - shown - 1;
      draw(ctx, n % spec.frames.length);
      camera.lateMs.push(performance.now() - (startedAtMs + n * frameMs));
      if (camera.lateMs.length > 2000) camera.lateMs.shift();
      camera.drawn += 1;
      shown = n;
    };
    tick();
    // Twice the frame rate: a frame is drawn at most half a frame late unless the page is busy.
    setInterval(tick, frameMs / 2);
    w.__fakeCamera = {
      camera,
      /** Frame i drawn alone, as a PNG data URL (to compare with the Chromium video). */
      render(/** @type {number} */ i) {
        const c = document.createElement("canvas");
        c.width = spec.width;
        c.height = spec.height;
        draw(/** @type {CanvasRenderingContext2D} */ (c.getContext("2d")), i);
        return c.toDataURL("image/png");
      },
    };
    const track = canvas.captureStream(spec.fps).getVideoTracks()[0];
    if (!track) throw new Error("canvas.captureStream gave no video track");
    log(`fake camera ${spec.width}x${spec.height} at ${spec.fps} frames/s`);
    return track;
  };

  const devices = navigator.mediaDevices;
  // about:blank and other insecure documents have no mediaDevices.
  if (!devices) return;
  const gum = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    w.__gumCalls += 1;
    log(`getUserMedia ${JSON.stringify(Object.keys(constraints ?? {}))} at ${location.pathname}`);
    const stream = await gum(constraints);
    if (w.__fakeCameraSpec && constraints?.video) {
      // The astronaut video instead of Firefox's synthetic one; each caller gets its own clone
      // (stopping it leaves the camera running for the next one).
      cameraTrack ??= startFakeCamera();
      const track = (await cameraTrack).clone();
      for (const t of stream.getVideoTracks()) {
        t.stop();
        stream.removeTrack(t);
      }
      stream.addTrack(track);
    }
    w.__tracks.push(...stream.getTracks());
    // Only the interview room (/practice/<id>) gets the scripted microphone, and only when the
    // driver turned it on (the interview scenario).
    const inRoom = /^\/practice\/(?!new$|device-check$)[^/]+$/.test(location.pathname);
    if (!w.__scriptedMic || !inRoom || !constraints?.audio) return stream;
    for (const t of stream.getAudioTracks()) {
      t.stop();
      stream.removeTrack(t);
    }
    stream.addTrack(w.__fakeMic.track());
    return stream;
  };
}
