/**
 * 我的 A signed-in clerk's own page (/me), made for a phone: their record read-only (hall, number,
 * skills, contract) and their shifts of the next 14 days from published rosters; links to their wishes
 * and shift swaps. Someone whose account is not linked to an employee is told whom to ask.
 */
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { calendarDate, dataLang, duration } from '../../format.ts';
import { lang } from '../../../lib/lang.ts';
import { t } from '../../i18n.ts';
import { Loaded } from '../../components/States.tsx';
import { contractSummary, roleLabel, SkillChips } from './staff-text.tsx';
import './staff.css';

type Mine = NonNullable<Outputs['staff']['me']>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const weekday = (date: string) =>
  new Intl.DateTimeFormat(lang(), { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

export default function MePage() {
  const [mine, { refetch }] = createResource(async () => ({ record: await api.staff.me.query() }));
  return (
    <section class="staff-page me">
      <Loaded of={mine} retry={() => void refetch()}>
        {(m) => (
          <Show
            when={m().record}
            fallback={
              <div class="state empty" role="status">
                <h1>{t('staff.me.title')}</h1>
                <p>{t('staff.me.notLinked')}</p>
              </div>
            }
          >
            {(r) => <MyRecord record={r()} />}
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function MyRecord(props: { record: Mine }) {
  const r = () => props.record;
  const serviceName = (id: string | null) => (id ? (r().services.find((s) => s.id === id)?.name ?? id) : null);
  return (
    <>
      <h1 lang={dataLang(r().name)}>{r().name}</h1>
      <dl class="facts">
        <dt>{t('staff.hall')}</dt>
        <dd lang={dataLang(r().hallName)}>{r().hallName}</dd>
        <dt>{t('staff.number')}</dt>
        <dd translate="no">{r().staffId}</dd>
        <dt>{t('staff.role')}</dt>
        <dd>{roleLabel(r().role)}</dd>
        <dt>{t('staff.contract')}</dt>
        <dd>{contractSummary(r().contract)}</dd>
        <dt>{t('staff.skills')}</dt>
        <dd>
          <SkillChips skills={r().skills} services={r().services} />
        </dd>
      </dl>
      <nav class="me-links" aria-label={t('staff.me.more')}>
        <A href="/me/wishes">{t('staff.me.wishes')}</A>
        <A href="/me/swaps">{t('staff.me.swaps')}</A>
        <A href="/me/kpis">{t('kpiViews.nav.mine')}</A>
        <A href="/me/assessments">{t('cycles.me.title')}</A>
        <A href="/me/record">{t('skills.record.nav')}</A>
        <A href={`/staff/${encodeURIComponent(r().id)}/onsite`}>{t('onsite.nav.mine')}</A>
      </nav>
      <h2>{t('staff.me.shifts')}</h2>
      <Show when={r().shifts.length > 0} fallback={<p class="empty">{t('staff.me.noShifts')}</p>}>
        <ul class="shifts">
          <For each={r().shifts}>
            {(s) => (
              <li data-date={s.date}>
                <div class="when">
                  <strong>
                    {s.date === r().today ? t('staff.me.today') : weekday(s.date)} · {calendarDate(s.date, 'short')}
                  </strong>
                  <span class="time">
                    {s.start}–{s.end}
                  </span>
                </div>
                <div class="what">
                  <span>
                    {duration(
                      minutesOf(s.end) -
                        minutesOf(s.start) -
                        s.breaks.reduce((n, b) => n + minutesOf(b.end) - minutesOf(b.start), 0),
                    )}
                  </span>
                  <Show when={serviceName(s.serviceId)}>{(name) => <span lang={dataLang(name())}>{name()}</span>}</Show>
                  <Show when={s.breaks.length > 0}>
                    <span>
                      {t('staff.me.breaks', {
                        breaks: s.breaks.map((b) => `${b.start}–${b.end}`).join(t('common.listSeparator')),
                      })}
                    </span>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
