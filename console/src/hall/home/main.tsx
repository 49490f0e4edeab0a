/**
 * The hub's home page (`/` redirects here): the hall's name and the pages this hub serves, each with what
 * it needs to open — the wall screen its display token, a rating pad its device id and secret, the
 * counter terminal a counter (and a clerk's staff id and PIN), the health check nothing.
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { HubRouter } from '@hall/edge';
import { createEffect, createResource, For, type JSX, Show } from 'solid-js';
import { render } from 'solid-js/web';
import { lang, t } from '../../lib/i18n.ts';
import { LangSwitch, Name } from '../lib/names.tsx';
import '../lib/base.css';
import './home.css';

document.documentElement.lang = lang();
const origin = window.location.origin;

function Home() {
  const client = createTRPCClient<HubRouter>({ links: [httpBatchLink({ url: `${origin}/trpc` })] });
  const [hall] = createResource(async () => {
    try {
      return await client.counter.list.query();
    } catch {
      return null;
    }
  });
  createEffect(() => (document.title = t('home.title')));
  const address = (path: string): JSX.Element => (
    <code translate="no">
      {origin}
      {path}
    </code>
  );
  return (
    <main class="home">
      <header>
        <h1>
          {t('home.title')}
          <Show when={hall()?.hall}>
            {(name) => (
              <>
                {' · '}
                <Name text={name()} />
              </>
            )}
          </Show>
        </h1>
        <LangSwitch class="home-lang" />
      </header>
      <Show when={hall() === null}>
        <p class="home-error" role="alert">
          {t('home.unreachable')}
        </p>
      </Show>
      <ul class="home-pages">
        <li>
          <h2>
            <a href="/hall/wall/">{t('home.wall')}</a>
          </h2>
          <p>{t('home.wallNeeds')}</p>
          {address('/hall/wall/?token=…')}
        </li>
        <li>
          <h2>
            <a href="/hall/pad/">{t('home.pad')}</a>
          </h2>
          <p>{t('home.padNeeds')}</p>
          {address('/hall/pad/?device=…&secret=…')}
        </li>
        <li>
          <h2>
            <a href="/hall/counter/">{t('home.counter')}</a>
          </h2>
          <p>{t('home.counterNeeds')}</p>
          <Show when={(hall()?.counters.length ?? 0) > 0}>
            <ul class="home-counters" aria-label={t('home.counter')}>
              <For each={hall()?.counters ?? []}>
                {(c) => (
                  <li>
                    <a href={`/hall/counter/?counter=${encodeURIComponent(c.id)}`}>
                      <Name text={c.name} />
                    </a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </li>
        <li>
          <h2>
            <a href="/hall/onsite/">{t('home.onsite')}</a>
          </h2>
          <p>{t('home.onsiteNeeds')}</p>
          {address('/hall/onsite/')}
        </li>
        <li>
          <h2>
            <a href="/health">{t('home.health')}</a>
          </h2>
          <p>{t('home.healthNeeds')}</p>
          {address('/health')}
        </li>
      </ul>
    </main>
  );
}

const root = document.getElementById('root');
if (root) render(() => <Home />, root);
