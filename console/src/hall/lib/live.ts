/**
 * The hall as the hub sees it, kept live: `hall.live` over server-sent events with the display token,
 * resubscribed with backoff whenever the hub or the network drops, so a wall screen left alone for
 * days recovers by itself.
 */
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import type { HallSnapshot, HubRouter } from '@hall/edge';
import { batch, createSignal, onCleanup } from 'solid-js';

export type LinkState = 'connecting' | 'live' | 'offline' | 'unauthorized';

/** Delay before the n-th reconnect attempt: 0.5 s doubling to 10 s, with jitter so screens spread out. */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}

export function createHallLive(opts: { baseUrl: string; token: string }) {
  const [snapshot, setSnapshot] = createSignal<HallSnapshot | null>(null);
  const [state, setState] = createSignal<LinkState>('connecting');
  const client = createTRPCClient<HubRouter>({
    links: [httpSubscriptionLink({ url: `${opts.baseUrl}/trpc`, connectionParams: () => ({ token: opts.token }) })],
  });
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: { unsubscribe(): void } | null = null;
  let disposed = false;

  const retry = () => {
    current?.unsubscribe();
    current = null;
    if (disposed) return;
    timer = setTimeout(connect, reconnectDelay(attempt++));
  };
  function connect() {
    setState((s) => (s === 'live' ? 'offline' : s));
    current = client.hall.live.subscribe(undefined, {
      onData: (data) => {
        attempt = 0;
        // Together, so the screen never sees "live" with the snapshot from before the drop.
        batch(() => {
          setState('live');
          setSnapshot(data);
        });
      },
      onConnectionStateChange: (c) => {
        if (c.state === 'connecting' && c.error)
          setState(/UNAUTHORIZED|401/.test(String(c.error.message)) ? 'unauthorized' : 'offline');
      },
      onError: (err) => {
        setState(err.data?.code === 'UNAUTHORIZED' ? 'unauthorized' : 'offline');
        retry();
      },
      onComplete: retry,
    });
  }
  connect();
  onCleanup(() => {
    disposed = true;
    clearTimeout(timer);
    current?.unsubscribe();
  });
  return { snapshot, state };
}
