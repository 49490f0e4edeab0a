/**
 * Roster fairness of a hall over the last 8 weeks of published rosters (/halls/:hallId/fairness): per
 * clerk the weekend shifts, unpopular shifts, hours above the contract minimum and the share of their
 * wishes met, with the hall's mean as the last row; a figure well above the mean is marked.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang, decimal, percent } from '../../format.ts';
import { t } from '../../i18n.ts';
import { shortDate } from './wish-text.tsx';
import './wishes.css';

/** Marked when at least 1.5 times the mean and at least 2 more (a small hall's noise is not unfair). */
const high = (x: number, mean: number) => x >= mean * 1.5 && x - mean >= 2;

export default function FairnessPage() {
  const params = useParams<{ hallId: string }>();
  const [data, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.wishes.fairness.query({ hallId }),
  );
  return (
    <section class="wishes-page wide">
      <Loaded of={data} retry={() => void refetch()} refused="wishes.refusedFairness" notFound="state.noSuchHall">
        {(f) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(f().hall.name)}>
                    {f().hall.name}
                  </A>
                </p>
                <h1>{t('wishes.fairness.title')}</h1>
              </div>
              <A href={`/halls/${params.hallId}/wishes`}>{t('wishes.nav.hall')}</A>
            </div>
            <p class="muted">
              {t('wishes.fairness.period', {
                from: shortDate(f().from),
                to: shortDate(f().to),
                weeks: count(f().weeks),
              })}
            </p>
            <Show
              when={f().weeks > 0 && f().lines.length > 0}
              fallback={<p class="empty">{t('wishes.fairness.none')}</p>}
            >
              <div class="table-wrap">
                <table class="data cards fairness">
                  <thead>
                    <tr>
                      <th scope="col">{t('wishes.fairness.employee')}</th>
                      <th scope="col" class="num">
                        {t('wishes.fairness.shifts')}
                      </th>
                      <th scope="col" class="num">
                        {t('wishes.fairness.hours')}
                      </th>
                      <th scope="col" class="num">
                        {t('wishes.fairness.weekend')}
                      </th>
                      <th scope="col" class="num">
                        {t('wishes.fairness.unpopular')}
                      </th>
                      <th scope="col" class="num">
                        {t('wishes.fairness.extra')}
                      </th>
                      <th scope="col" class="num">
                        {t('wishes.fairness.wishesMet')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={f().lines}>
                      {(l) => {
                        const m = f().mean;
                        const mark = (x: number, mean: number) => (high(x, mean) ? 'num high' : 'num');
                        return (
                          <tr data-employee={l.employeeId}>
                            <th scope="row" lang={dataLang(l.name)}>
                              {l.name}
                            </th>
                            <td class="num" data-label={t('wishes.fairness.shifts')}>
                              {count(l.shifts)}
                            </td>
                            <td class="num" data-label={t('wishes.fairness.hours')}>
                              {decimal(l.hours, 1)}
                            </td>
                            <td
                              class={mark(l.weekendShifts, m.weekendShifts)}
                              data-label={t('wishes.fairness.weekend')}
                            >
                              {count(l.weekendShifts)}
                            </td>
                            <td
                              class={mark(l.unpopularShifts, m.unpopularShifts)}
                              data-label={t('wishes.fairness.unpopular')}
                            >
                              {count(l.unpopularShifts)}
                            </td>
                            <td class={mark(l.extraHours, m.extraHours)} data-label={t('wishes.fairness.extra')}>
                              {decimal(l.extraHours, 1)}
                            </td>
                            <td class="num" data-label={t('wishes.fairness.wishesMet')}>
                              {percent(l.wishesMetShare)}
                            </td>
                          </tr>
                        );
                      }}
                    </For>
                    <tr class="mean">
                      <th scope="row">{t('wishes.fairness.mean')}</th>
                      <td class="num" data-label={t('wishes.fairness.shifts')}>
                        {decimal(f().mean.shifts, 1)}
                      </td>
                      <td class="num" data-label={t('wishes.fairness.hours')}>
                        {decimal(f().mean.hours, 1)}
                      </td>
                      <td class="num" data-label={t('wishes.fairness.weekend')}>
                        {decimal(f().mean.weekendShifts, 1)}
                      </td>
                      <td class="num" data-label={t('wishes.fairness.unpopular')}>
                        {decimal(f().mean.unpopularShifts, 1)}
                      </td>
                      <td class="num" data-label={t('wishes.fairness.extra')}>
                        {decimal(f().mean.extraHours, 1)}
                      </td>
                      <td class="num" data-label={t('wishes.fairness.wishesMet')}>
                        {percent(f().mean.wishesMetShare)}
                      </td>
                    </tr>
                  </tbody>
                </table>
              </div>
              <p class="muted">{t('wishes.fairness.unpopularHint')}</p>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
