/**
 * A clerk's sessions in 我的培训 (/me/training), phone first: those to come (or under way), soonest first —
 * when, where (an online session's link to open), the course, the trainer; how to check in while it
 * runs — then those of the last 90 days, latest first, with 已签到 / 缺席 / 请假. When feedback is due,
 * a short form right there (two star ratings and a comment); once sent, 已评价.
 */
import { TRPCClientError } from '@trpc/client';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { FeedbackForm } from './FeedbackForm.tsx';
import {
  AttendanceBadge,
  clock,
  createServerClock,
  msOf,
  phaseOf,
  PhaseBadge,
  spanText,
  Where,
  zoneOf,
  type MySession,
} from './sessions-text.tsx';
import './sessions.css';
import './sessions-mine.css';

/** The clerk's sessions, or that the account is no clerk's (no staff record linked to it). */
async function mine() {
  try {
    return { rows: await api.training.mySessions.query(), notStaff: false };
  } catch (err) {
    const code = err instanceof TRPCClientError ? (err.data as { detail?: { code: string } })?.detail?.code : null;
    if (code === 'training-not-staff') return { rows: [] as MySession[], notStaff: true };
    throw err;
  }
}

export function MySessions() {
  const clockNow = createServerClock(30_000);
  const [data, { refetch }] = createResource(mine);
  return (
    <section class="my-sessions" aria-labelledby="my-sessions-h" data-testid="my-sessions">
      <h2 id="my-sessions-h">{t('training.sessions.mine.title')}</h2>
      <Loaded of={data} retry={() => void refetch()}>
        {(d) => (
          <Show when={!d().notStaff} fallback={<p class="muted">{t('error.detail.training-not-staff')}</p>}>
            <MyLists rows={d().rows} now={clockNow.now()} refetch={async () => void (await refetch())} />
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function MyLists(props: { rows: readonly MySession[]; now: number; refetch: () => Promise<void> }) {
  const ahead = createMemo(() =>
    props.rows.filter((r) => msOf(r.endsAt) > props.now).sort((a, b) => msOf(a.startsAt) - msOf(b.startsAt)),
  );
  const past = createMemo(() =>
    props.rows.filter((r) => msOf(r.endsAt) <= props.now).sort((a, b) => msOf(b.startsAt) - msOf(a.startsAt)),
  );
  return (
    <Show when={props.rows.length > 0} fallback={<p class="empty">{t('training.sessions.mine.empty')}</p>}>
      <h3>{t('training.sessions.mine.ahead')}</h3>
      <Show when={ahead().length > 0} fallback={<p class="muted">{t('training.sessions.mine.noneAhead')}</p>}>
        <ul class="my-session-list" data-testid="my-ahead">
          <For each={ahead()}>{(s) => <MyCard s={s} now={props.now} refetch={props.refetch} />}</For>
        </ul>
      </Show>
      <Show when={past().length > 0}>
        <h3>{t('training.sessions.mine.past')}</h3>
        <ul class="my-session-list" data-testid="my-past">
          <For each={past()}>{(s) => <MyCard s={s} now={props.now} refetch={props.refetch} />}</For>
        </ul>
      </Show>
    </Show>
  );
}

function MyCard(props: { s: MySession; now: number; refetch: () => Promise<void> }) {
  const s = () => props.s;
  const zone = () => zoneOf(s().timeZone);
  const phase = () => phaseOf(s(), props.now);
  const windowOpen = () =>
    s().status === 'scheduled' && props.now >= msOf(s().opensAt) && props.now < msOf(s().closesAt);
  return (
    <li class="my-session" data-session={s().id} data-attendance={s().attendance}>
      <div class="my-session-head">
        <span class="time">{spanText(s().startsAt, s().endsAt, zone())}</span>
        <Show
          when={phase() === 'ended' && s().status === 'scheduled'}
          fallback={
            <Show
              when={s().attendance !== 'invited' && s().status === 'scheduled'}
              fallback={<PhaseBadge phase={phase()} />}
            >
              <AttendanceBadge status={s().attendance} ended={false} />
            </Show>
          }
        >
          <AttendanceBadge status={s().attendance} ended />
        </Show>
      </div>
      <p class="my-session-title" lang={dataLang(s().title)}>
        {s().title}
      </p>
      <p class="my-session-where">
        <Where mode={s().mode} hallName={s().hallName} place={s().place} link />
      </p>
      <Show when={s().courseTitle || s().trainerName}>
        <p class="muted my-session-more">
          <Show when={s().courseTitle}>
            {(c) => (
              <span>
                {t('training.sessions.courseLabel')}
                <span lang={dataLang(c())}>{c()}</span>
              </span>
            )}
          </Show>
          <Show when={s().trainerName}>
            {(n) => (
              <span>
                {t('training.sessions.trainerLabel')}
                <span lang={dataLang(n())}>{n()}</span>
              </span>
            )}
          </Show>
        </p>
      </Show>
      <Show when={s().attendance === 'present' && s().checkedInAt}>
        {(at) => <p class="muted">{t('training.checkin.at', { time: clock(msOf(at()), zone()) })}</p>}
      </Show>
      <Show when={windowOpen() && s().attendance === 'invited' && s().mode === 'classroom'}>
        <p class="my-session-hint">{t('training.sessions.mine.scanHint')}</p>
      </Show>
      <Show when={s().feedbackDue}>
        <FeedbackForm sessionId={s().id} onSent={props.refetch} />
      </Show>
      <Show when={s().feedbackGiven}>
        <p class="feedback-given" data-testid="feedback-given">
          <span class="badge ok">{t('training.feedback.given')}</span>
        </p>
      </Show>
    </li>
  );
}
