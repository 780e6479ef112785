// A microphone the test plays answers into when the room is ready for them (Playwright init
// script for Chromium). Chromium's file-backed fake microphone starts playing the moment the
// device opens, so on a loaded machine the first seconds of an answer played before the room
// had its audio graph and socket up, and were never heard: a test artefact, since a person
// waits for "Start speaking when you are ready". In the interview room (/practice/<id>) the
// fake device's audio track is swapped for a Web Audio destination; everything after
// getUserMedia (the app's AudioContext, worklet, resampling, socket) is the app's own path.
// The fake device's own track is taken out of the stream but not stopped: while it captures,
// the browser lets the page start audio without a click, as for a real microphone.
(() => {
  const w = window;
  let context = null;
  let out = null;

  const ensure = () => {
    if (!context) {
      context = new AudioContext({ sampleRate: 48000 });
      out = context.createMediaStreamDestination();
      out.channelCount = 1;
    }
    return { context, out };
  };

  w.__scriptedMic = {
    played: [],
    /** Whether the room has opened the scripted microphone. */
    opened: () => context !== null,
    /** Plays one WAV (base64) into the room's microphone; resolves when it has started. */
    async play(b64) {
      if (!context) throw new Error("the room has not opened the microphone");
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const buffer = await context.decodeAudioData(bytes.buffer);
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(out);
      await context.resume();
      node.start();
      const entry = { durationS: buffer.duration, startedAtMs: Date.now() };
      w.__scriptedMic.played.push(entry);
      return entry;
    },
  };

  const devices = navigator.mediaDevices;
  const gum = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await gum(constraints);
    if (constraints && constraints.audio && location.pathname.startsWith("/practice/")) {
      for (const track of stream.getAudioTracks()) stream.removeTrack(track);
      const { context: ctx, out: dest } = ensure();
      void ctx.resume();
      stream.addTrack(dest.stream.getAudioTracks()[0].clone());
    }
    return stream;
  };
})();
