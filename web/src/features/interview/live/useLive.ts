import { useEffect, useRef, useSyncExternalStore } from "react";
import type { ConnectionState, LiveClient, LiveEvents } from "./liveClient";

const IDLE: ConnectionState = { status: "idle" };
const noop = () => () => {};

/** The live connection's state, re-rendering on every change ("live", "reconnecting", ...). */
export function useLiveConnectionState(client: LiveClient | null): ConnectionState {
  return useSyncExternalStore(client ? client.subscribe : noop, client ? client.getState : () => IDLE);
}

/** Subscribes `handler` to one event of the client for the component's lifetime. */
export function useLiveEvent<K extends keyof LiveEvents>(
  client: LiveClient | null,
  event: K,
  handler: (payload: LiveEvents[K]) => void,
): void {
  // The latest handler is called without re-subscribing on every render.
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!client) return;
    return client.on(event, (payload) => ref.current(payload));
  }, [client, event]);
}
