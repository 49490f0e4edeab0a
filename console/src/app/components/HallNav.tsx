/**
 * A hall's pages, grouped the way a hall manager thinks of them (the day's operations; people and
 * scheduling; performance), shown at the top of the hall page. One list: a new hall page is one line
 * here, not another link squeezed into a row.
 */
import { A } from '@solidjs/router';
import { For } from 'solid-js';
import { t, type ConsoleKey } from '../i18n.ts';

export interface HallLink {
  /** Under `/halls/:hallId`. */
  path: string;
  label: ConsoleKey;
}

export const HALL_SECTIONS: ReadonlyArray<{ label: ConsoleKey; links: readonly HallLink[] }> = [
  { label: 'hallNav.operations', links: [{ path: '/reports', label: 'hall.reports' }] },
  {
    label: 'hallNav.scheduling',
    links: [
      { path: '/staff', label: 'staff.nav' },
      { path: '/forecast', label: 'forecast.title' },
      { path: '/rosters', label: 'rosters.title' },
      { path: '/adherence', label: 'hall.adherence' },
      { path: '/rosters/review', label: 'hall.rosterReview' },
      { path: '/wishes', label: 'wishes.nav.hall' },
      { path: '/scheduling/settings', label: 'planSettings.title' },
    ],
  },
  {
    label: 'hallNav.performance',
    links: [
      { path: '/kpis', label: 'kpiViews.nav.board' },
      { path: '/kpi-reports', label: 'kpiReport.title' },
      { path: '/onsite', label: 'onsite.nav' },
      { path: '/skills', label: 'skills.nav' },
    ],
  },
];

export function HallNav(props: { hallId: string }) {
  return (
    <nav class="hall-nav" aria-label={t('hallNav.label')}>
      <For each={HALL_SECTIONS}>
        {(section) => (
          <div class="hall-nav-group">
            <span class="hall-nav-label">{t(section.label)}</span>
            <For each={section.links}>
              {(link) => <A href={`/halls/${encodeURIComponent(props.hallId)}${link.path}`}>{t(link.label)}</A>}
            </For>
          </div>
        )}
      </For>
    </nav>
  );
}
