import { useEffect, useRef, useState, type Dispatch, type MutableRefObject } from "react";
import { describeError } from "../../../lib/apiError";
import type { LiveClient } from "../live/liveClient";
import { useRoomApi } from "./api";
import type { RoomAction, RoomState } from "./roomMachine";
import type { RoomMedia } from "./useRoomStart";

/**
 * Once the room is `ending`: stop sending, flush the recording, the capture and the socket's
 * unacknowledged messages, then POST /end. A failed /end shows `endError`; `retryEnd` tries again.
 */
export function useRoomEnding({
  sessionId,
  state,
  dispatch,
  client,
  media,
  pausedRef,
}: {
  sessionId: string;
  state: RoomState;
  dispatch: Dispatch<RoomAction>;
  client: LiveClient | null;
  media: RoomMedia;
  pausedRef: MutableRefObject<boolean>;
}) {
  const roomApi = useRoomApi(sessionId);
  const apiRef = useRef(roomApi);
  apiRef.current = roomApi;
  const mediaRef = useRef(media);
  mediaRef.current = media;
  const [endError, setEndError] = useState<string | null>(null);
  const [endTry, setEndTry] = useState(0);

  useEffect(() => {
    if (state.phase !== "ending") return;
    let cancelled = false;
    void (async () => {
      pausedRef.current = true;
      window.speechSynthesis?.cancel();
      // Flush the recorder before the microphone stops; the upload finishes (at most 30 s) below.
      const savingRecording = mediaRef.current.recorder.current?.finish(30_000);
      await mediaRef.current.release();
      if (client) {
        await client.drain(10_000);
        client.close();
      }
      await savingRecording;
      try {
        await apiRef.current.end();
        if (!cancelled) dispatch({ type: "ended" });
      } catch (err) {
        if (!cancelled) setEndError(describeError(err));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [state.phase, client, endTry, dispatch, pausedRef]);

  const retryEnd = () => {
    setEndError(null);
    setEndTry((n) => n + 1);
  };
  return { endError, retryEnd };
}
