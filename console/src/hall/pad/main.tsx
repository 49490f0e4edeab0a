/**
 * Rating pad entry. The pad is paired once with `?device=…&secret=…` (its device credentials, issued by
 * the cloud); they are kept on the device and taken out of the address. It pairs again after every drop
 * (hub sessions do not outlive a hub restart).
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { HubRouter } from '@hall/edge';
import { createSignal, onCleanup } from 'solid-js';
import { render } from 'solid-js/web';
import { lang } from '../../lib/i18n.ts';
import { reconnectDelay, type LinkState } from '../lib/live.ts';
import { onAnswered, onPrompt, onTick, type PadView, type Prompt } from './pad-machine.ts';
import { RatingPad } from './RatingPad.tsx';
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
const stored = JSON.parse(window.localStorage.getItem('hall.pad') ?? 'null') as {
  deviceId: string;
  secret: string;
} | null;
document.documentElement.lang = lang();

function Pad() {
  const [view, setView] = createSignal<PadView>({ kind: 'idle' });
  const [link, setLink] = createSignal<LinkState>(stored ? 'connecting' : 'unauthorized');
  const [counterName, setCounterName] = createSignal('');
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
  const retry = () => {
    sub?.unsubscribe();
    sub = null;
    timer = setTimeout(() => void connect(), reconnectDelay(attempt++));
  };
  async function connect() {
    if (!stored) return;
    try {
      const paired = await client.pad.pair.mutate(stored);
      token = paired.token;
      setCounterName(paired.counterName);
    } catch (err) {
      setLink(/UNAUTHORIZED|unknown rating pad/.test(String(err)) ? 'unauthorized' : 'offline');
      if (link() !== 'unauthorized') retry();
      return;
    }
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
  return <RatingPad view={view()} link={link()} counterName={counterName()} onScore={score} />;
}

const root = document.getElementById('root');
if (root) render(() => <Pad />, root);
