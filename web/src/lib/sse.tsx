/**
 * One live connection to `GET /api/dashboard/activity` for the whole app.
 * EventSource reconnects by itself (sending Last-Event-ID, so the server
 * replays what was missed); when the browser gives up (an HTTP error such as
 * a lost session), the session is checked and the stream reopened from the
 * last id seen.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { api } from "./api";
import { EVENT_TYPES, parseSseEvent, type ActivityEvent } from "./events";

export type StreamStatus = "connecting" | "live" | "offline";
type Listener = (event: ActivityEvent) => void;

interface StreamContext {
  subscribe: (listener: Listener) => () => void;
  status: StreamStatus;
}

const Context = createContext<StreamContext | null>(null);
const RETRY_MS = 3000;

export function ActivityStreamProvider({ children, url = "/api/dashboard/activity" }: { children: ReactNode; url?: string }) {
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [subscribe] = useState(() => (listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastId: number | undefined;
    let stopped = false;

    const deliver = (message: MessageEvent<string>) => {
      const event = parseSseEvent(message.type, message.lastEventId, message.data);
      if (!event) return;
      lastId = event.id;
      for (const listener of listeners.current) listener(event);
    };

    const open = () => {
      const target = lastId === undefined ? url : `${url}?lastEventId=${lastId}`;
      const es = new EventSource(target, { withCredentials: true });
      source = es;
      es.onopen = () => setStatus("live");
      for (const type of EVENT_TYPES) es.addEventListener(type, deliver);
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED) {
          setStatus("connecting");
          return;
        }
        setStatus("offline");
        es.close();
        // A 401 here sends the user to the login page (the API client's guard).
        void api.GET("/api/auth/me").catch(() => undefined);
        if (!stopped) retry = setTimeout(open, RETRY_MS);
      };
    };

    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [url]);

  return <Context.Provider value={{ subscribe, status }}>{children}</Context.Provider>;
}

function useStream(): StreamContext {
  const ctx = useContext(Context);
  if (!ctx) throw new Error("useActivity needs an ActivityStreamProvider above it");
  return ctx;
}

/** Calls `handler` for every live event (always the latest `handler`). */
export function useActivity(handler: Listener): void {
  const { subscribe } = useStream();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

/**
 * Counts live events that `matches`; compare the count before and after a
 * fetch to learn whether such an event arrived while the request was out
 * (its answer may then predate the event).
 */
export function useEventCounter(matches: (event: ActivityEvent) => boolean): () => number {
  const count = useRef(0);
  useActivity((event) => {
    if (matches(event)) count.current += 1;
  });
  const [read] = useState(() => () => count.current);
  return read;
}

export function useStreamStatus(): StreamStatus {
  return useStream().status;
}
