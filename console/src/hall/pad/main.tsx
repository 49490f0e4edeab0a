/**
 * Rating pad entry. The pad is paired once with `?device=…&secret=…` (its device credentials, issued by
 * the cloud); they are kept on the device and taken out of the address. It pairs again after every drop
 * (hub sessions do not outlive a hub restart). Credentials the hub refuses are said as such, for the
 * technician, and not tried again (a new pairing address starts over); too many attempts wait the hub's
 * time. A prompt still pending at the hub comes back after a reload (the hub sends it on subscribing).
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { HubRouter } from '@hall/edge';
import { createEffect, createSignal, onCleanup } from 'solid-js';
import { render } from 'solid-js/web';
import { lang, t } from '../../lib/i18n.ts';
import { reconnectDelay, type LinkState } from '../lib/live.ts';
import { onAnswered, onPrompt, onTick, type PadView, type Prompt } from './pad-machine.ts';
import { RatingPad, type PadRefusal } from './RatingPad.tsx';
import '../lib/base.css';
import './pad.css';

const params = new URLSearchParams(window.location.search);
if (params.get('device') && params.get('secret')) {
  window.localStorage.setItem(
    'hall.pad',
    JSON.stringify({ deviceId: params.get('device'), secret: params.get('secret') }),
  );
  params.delete('secret');
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
}
/** After "too many attempts", the pad waits this long before pairing again. */
const LIMITED_RETRY_SEC = 30;
const stored = JSON.parse(window.localStorage.getItem('hall.pad') ?? 'null') as {
  deviceId: string;
  secret: string;
} | null;
document.documentElement.lang = lang();

function Pad() {
  const [view, setView] = createSignal<PadView>({ kind: 'idle' });
  const [link, setLink] = createSignal<LinkState>(stored ? 'connecting' : 'unauthorized');
  const [counterName, setCounterName] = createSignal('');
  const [refusal, setRefusal] = createSignal<PadRefusal | null>(stored ? null : { kind: 'unpaired' });
  createEffect(() => (document.title = t('pad.title')));
  let token = '';
  const url = `${window.location.origin}/trpc`;
  const client = createTRPCClient<HubRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, connectionParams: () => ({ token }) }),
        false: httpBatchLink({ url, headers: () => ({ authorization: `Bearer ${token}` }) }),
      }),
    ],
  });
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sub: { unsubscribe(): void } | null = null;
  const retry = (delayMs = reconnectDelay(attempt++)) => {
    sub?.unsubscribe();
    sub = null;
    timer = setTimeout(() => void connect(), delayMs);
  };
  async function connect() {
    if (!stored) return;
    try {
      const paired = await client.pad.pair.mutate(stored);
      token = paired.token;
      setCounterName(paired.counterName);
    } catch (err) {
      const code = err instanceof TRPCClientError ? (err as TRPCClientError<HubRouter>).data?.code : undefined;
      if (code === 'UNAUTHORIZED' || code === 'BAD_REQUEST') {
        // Wrong or malformed credentials do not get better by trying again: say so and stop.
        setLink('unauthorized');
        setRefusal({ kind: 'refused', device: stored.deviceId });
        return;
      }
      if (code === 'TOO_MANY_REQUESTS') {
        setRefusal({ kind: 'limited', seconds: LIMITED_RETRY_SEC });
        retry(LIMITED_RETRY_SEC * 1_000);
        return;
      }
      setLink('offline');
      retry();
      return;
    }
    setRefusal(null);
    sub = client.pad.prompts.subscribe(undefined, {
      onStarted: () => {
        attempt = 0;
        setLink('live');
      },
      onData: (p: Prompt) => setView((v) => onPrompt(v, p, Date.now())),
      onError: () => {
        setLink('offline');
        retry();
      },
      onComplete: retry,
    });
  }
  void connect();
  const tick = setInterval(() => setView((v) => onTick(v, Date.now())), 250);
  onCleanup(() => {
    clearInterval(tick);
    clearTimeout(timer);
    sub?.unsubscribe();
  });

  const score = (n: number | null) => {
    const v = view();
    if (v.kind !== 'asking') return;
    setView(onAnswered(v, Date.now()));
    // The hub deduplicates by prompt, so a retried tap cannot count twice.
    void client.pad.rate
      .mutate({ ticketNo: v.prompt.ticketNo, promptReqId: v.prompt.reqId, score: n, reasons: [] })
      .catch(() => undefined);
  };
  return <RatingPad view={view()} link={link()} refusal={refusal()} counterName={counterName()} onScore={score} />;
}

const root = document.getElementById('root');
if (root) render(() => <Pad />, root);
