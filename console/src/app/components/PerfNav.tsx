/**
 * The organisation-wide performance pages (绩效): league tables, assessment cycles, the KPI catalogue —
 * shown at the top of each of them, so one menu entry leads to all three.
 */
import { A } from '@solidjs/router';
import { For } from 'solid-js';
import { t, type ConsoleKey } from '../i18n.ts';

export const PERF_PAGES: ReadonlyArray<{ path: string; label: ConsoleKey }> = [
  { path: '/kpis/league', label: 'kpiViews.nav.league' },
  { path: '/performance/cycles', label: 'cycles.title' },
  { path: '/kpis', label: 'catalogue.nav' },
];

export function PerfNav() {
  return (
    <nav class="hall-nav perf-nav" aria-label={t('nav.performance')}>
      <div class="hall-nav-group">
        <span class="hall-nav-label">{t('nav.performance')}</span>
        <For each={PERF_PAGES}>
          {(p) => (
            <A href={p.path} end>
              {t(p.label)}
            </A>
          )}
        </For>
      </div>
    </nav>
  );
}
