import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { io, type Socket } from 'socket.io-client';
import { useSession } from '../api/ApiProvider';
import { useAuth } from '../auth/AuthProvider';
import { FEED_EVENT_NAMES, type FeedBatch, type FeedEvent } from './events';
import { fleetMerger } from './fleet-cache';
import { FrameBatcher } from './frame-batcher';
import { refusedRetryDelay } from './reconnect';
import { applyFeedBatch, registeredMergers } from './registry';

export type FeedStatus = 'connecting' | 'live' | 'offline';

interface FeedContextValue {
  status: FeedStatus;
  subscribe: (listener: (batch: FeedBatch) => void) => () => void;
}

const FeedContext = createContext<FeedContextValue | null>(null);

/** Waits before reconnecting after the server refused us for holding too many feed sockets. */
const TOO_MANY_RETRY_MS = 30_000;

/**
 * Opens the `/admin` feed while a user is signed in and writes its events into the query cache once
 * per animation frame. Handshake `auth: { token }` is read at each (re)connection, so a reconnect
 * always presents the current access token. The server closes the socket when the token expires or
 * the session ends, and refuses expired tokens with `unauthorized`: both are answered by renewing the
 * token (one authenticated call, which the SDK refreshes on 401, or the re-auth dialog) and
 * connecting again. After any gap the cached data is refetched, since events were missed meanwhile.
 */
export function FeedProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const { status: authStatus, user } = useAuth();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const listeners = useRef(new Set<(batch: FeedBatch) => void>());
  const userId = user?.id;

  useEffect(() => {
    if (authStatus !== 'signedIn' || !userId) return;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let hadConnection = false;
    let refusals = 0;

    const batcher = new FrameBatcher((batch) => {
      applyFeedBatch(queryClient, batch, [fleetMerger, ...registeredMergers()]);
      for (const listener of listeners.current) listener(batch);
    });

    const socket: Socket = io('/admin', {
      auth: (cb) => cb({ token: session.accessToken ?? '' }),
      transports: ['websocket', 'polling'],
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
    });

    for (const name of FEED_EVENT_NAMES) {
      socket.on(name, (payload: unknown) => batcher.push({ type: name, payload } as FeedEvent));
    }

    const renewAndConnect = (delayMs: number) => {
      clearTimeout(retry);
      retry = setTimeout(async () => {
        try {
          // Any authenticated call renews an expired access token (or asks the user to sign in).
          await session.api.GET('/api/v1/auth/me');
        } catch (e) {
          if (e instanceof KioskFleetApiError && e.statusCode === 401) return; // signed out meanwhile
        }
        if (!closed) socket.connect();
      }, delayMs);
    };

    socket.on('connect', () => {
      refusals = 0;
      setStatus('live');
      // Events sent while we were away are lost: read the current state again.
      if (hadConnection) void queryClient.invalidateQueries();
      hadConnection = true;
    });
    socket.on('disconnect', (reason) => {
      setStatus(closed ? 'offline' : 'connecting');
      // The server closed us (token expired, session changed): socket.io leaves reconnecting to us.
      if (reason === 'io server disconnect' && !closed) renewAndConnect(0);
    });
    socket.on('connect_error', (err: Error) => {
      setStatus('offline');
      if (socket.active) return; // a transport error: socket.io retries by itself
      // A refusal that a renewed token does not cure must not turn into a tight reconnect loop.
      const delay = err.message === 'too_many_connections' ? TOO_MANY_RETRY_MS : refusedRetryDelay(refusals);
      refusals++;
      renewAndConnect(delay);
    });

    return () => {
      closed = true;
      clearTimeout(retry);
      batcher.dispose();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [authStatus, userId, session, queryClient]);

  const subscribe = useCallback((listener: (batch: FeedBatch) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);

  return <FeedContext.Provider value={value}>{children}</FeedContext.Provider>;
}

function useFeedContext(): FeedContextValue {
  const ctx = useContext(FeedContext);
  if (!ctx) throw new Error('feed hooks outside <FeedProvider>');
  return ctx;
}

/** Whether live updates are flowing: 'live', 'connecting' (reconnecting) or 'offline'. */
export function useFeedStatus(): FeedStatus {
  return useFeedContext().status;
}

/**
 * Calls `handler` with every batch (one per frame with events). For component-local needs only; data
 * that lives in the query cache belongs in a merger (registerFeedMerger).
 */
export function useFeedEvents(handler: (batch: FeedBatch) => void): void {
  const { subscribe } = useFeedContext();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribe((batch) => latest.current(batch)), [subscribe]);
}
