/**
 * 培训详情 (/training/sessions/:id): what, when (on the hall's clocks), where, the course, the trainer;
 * the attendees, live while the check-in window is open (the session polled every few seconds): who
 * checked in and when, by the room's QR code or by the trainer. The trainer marks present, excused or
 * undoes — presence only from the window's opening (the cloud refuses before it: the page says so
 * beside the buttons), excusing ahead is planning. "现场签到码" opens the room's view; the list of
 * invited clerks changes here; a session not yet started can be cancelled (asked twice). The feedback:
 * the course's and the trainer's averages of five, how many answered, the comments without names.
 * An id that is no session (or not the user's to see) is not found.
 */
import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session as signedIn } from '../../session.ts';
import { AttendeeRow, EditAttendees } from './SessionAttendees.tsx';
import { Feedback } from './SessionFeedback.tsx';
import {
  clock,
  createServerClock,
  dayClock,
  msOf,
  notFoundError,
  otherZone,
  phaseOf,
  PhaseBadge,
  spanText,
  Where,
  zoneOf,
  type SessionDetail,
} from './sessions-text.tsx';
import { TRAINING_EDIT_ROLES, TrainingNav } from './training-text.tsx';
import './training.css';
import './sessions.css';

/** How often the attendee list is read again while check-in is open. */
const LIVE_MS = 3_000;

export default function SessionPage() {
  const params = useParams<{ id: string }>();
  const id = () => Number(params.id);
  const clockNow = createServerClock(5_000);
  const [data, { refetch }] = createResource(id, async (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw notFoundError();
    const d = await api.training.session.query({ id: n });
    clockNow.sync(d.now);
    return d;
  });
  return (
    <section class="training session-page">
      <TrainingNav mayEdit={can(signedIn().me(), TRAINING_EDIT_ROLES)} />
      <p class="back">
        <A href="/training/sessions">{t('training.sessions.back')}</A>
      </p>
      <Loaded
        of={data}
        retry={() => void refetch()}
        refused="training.sessions.refused"
        notFound="training.sessions.notFound"
      >
        {(d) => <SessionView d={d()} now={clockNow.now} refetch={async () => void (await refetch())} />}
      </Loaded>
    </section>
  );
}

function SessionView(props: { d: SessionDetail; now: () => number; refetch: () => Promise<void> }) {
  const s = () => props.d.session;
  const zone = () => zoneOf(s().timeZone);
  const phase = () => phaseOf(s(), props.now());
  const opensAt = () => msOf(s().opensAt);
  const closesAt = () => msOf(s().closesAt);
  const open = createMemo(() => s().status === 'scheduled' && props.now() >= opensAt() && props.now() < closesAt());
  const beforeWindow = createMemo(() => props.now() < opensAt());
  // Live while the window is open: the list read again every few seconds (a memo: the timer is made once).
  createEffect(() => {
    if (!open()) return;
    const timer = setInterval(() => void props.refetch(), LIVE_MS);
    onCleanup(() => clearInterval(timer));
  });
  const notices = createNotices();
  const [editing, setEditing] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const act = async (work: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    notices.clear();
    try {
      await work();
      await props.refetch();
      after?.();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () =>
    act(
      () => api.training.cancelSession.mutate({ sessionId: s().id }),
      () => {
        setConfirming(false);
        notices.ok('training.sessions.cancelled');
      },
    );
  const canCancel = () => props.d.canEdit && s().status === 'scheduled' && phase() === 'upcoming';
  const present = () => props.d.attendees.filter((a) => a.status === 'present').length;
  const excused = () => props.d.attendees.filter((a) => a.status === 'excused').length;
  const expected = () => props.d.attendees.length - excused();

  return (
    <article class="session" data-session={s().id} data-phase={phase()}>
      <div class="page-head">
        <div class="session-head">
          <h1 lang={dataLang(s().title)}>{s().title}</h1>
          <PhaseBadge phase={phase()} />
        </div>
        <Show when={props.d.canEdit && s().status === 'scheduled'}>
          <div class="actions">
            <Show when={phase() !== 'ended'}>
              <A class="button primary" href={`/training/sessions/${s().id}/room`} data-action="room">
                {t('training.sessions.roomCode')}
              </A>
            </Show>
            <button
              type="button"
              data-action="attendees"
              aria-expanded={editing()}
              onClick={() => setEditing(!editing())}
            >
              {t('training.sessions.changeAttendees')}
            </button>
            <Show when={canCancel()}>
              <button
                type="button"
                class="danger"
                data-action="cancel"
                disabled={busy()}
                onClick={() => setConfirming(true)}
              >
                {t('training.sessions.cancel')}
              </button>
            </Show>
          </div>
        </Show>
      </div>
      <Show when={confirming() && canCancel()}>
        <div class="confirm" role="alertdialog" aria-labelledby="cancel-q" data-testid="cancel-confirm">
          <p id="cancel-q">{t('training.sessions.cancelQuestion', { n: count(props.d.attendees.length) })}</p>
          <button type="button" class="danger" disabled={busy()} data-action="cancel-yes" onClick={() => void cancel()}>
            {t('training.sessions.cancelYes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('training.sessions.cancelNo')}
          </button>
        </div>
      </Show>
      <Notices of={notices} />
      <Show when={s().status === 'cancelled'}>
        <p class="banner cancelled" role="note" data-testid="cancelled">
          {t('training.sessions.cancelledBanner')}
        </p>
      </Show>
      <div class="session-body">
        <dl class="facts session-facts">
          <dt>{t('training.sessions.fact.when')}</dt>
          <dd data-testid="when">
            {spanText(s().startsAt, s().endsAt, zone())}
            <Show when={otherZone(zone(), msOf(s().startsAt))}>{(z) => <span class="zone-inline"> {z()}</span>}</Show>
          </dd>
          <dt>{t('training.sessions.fact.where')}</dt>
          <dd>
            <Where mode={s().mode} hallName={s().hallName} place={s().place} link />
          </dd>
          <dt>{t('training.sessions.fact.course')}</dt>
          <dd>
            <Show when={s().material} fallback="—">
              {(m) => (
                <A href={`/training/materials/${m().id}`} lang={dataLang(m().title)}>
                  {m().title}
                </A>
              )}
            </Show>
          </dd>
          <dt>{t('training.sessions.fact.trainer')}</dt>
          <dd>
            <span lang={dataLang(s().trainerName)}>{s().trainerName ?? '—'}</span>
          </dd>
          <dt>{t('training.sessions.fact.unit')}</dt>
          <dd>
            <span lang={dataLang(s().unitName)}>{s().unitName}</span>
          </dd>
          <Show when={s().status === 'scheduled'}>
            <dt>{t('training.sessions.fact.checkin')}</dt>
            <dd>
              {t('training.sessions.window', {
                opens: dayClock(opensAt(), zone()),
                closes: clock(closesAt(), zone()),
              })}
            </dd>
          </Show>
        </dl>
        <div class="session-main">
          <Show when={editing() && props.d.canEdit && s().status === 'scheduled'}>
            <EditAttendees
              d={props.d}
              onDone={(r) => {
                setEditing(false);
                if (r)
                  notices.ok('training.sessions.attendeesSaved', { added: count(r.added), removed: count(r.removed) });
              }}
              refetch={props.refetch}
            />
          </Show>
          <section class="attendance" aria-labelledby="attendance-h">
            <div class="section-head">
              <h2 id="attendance-h">{t('training.sessions.attendance')}</h2>
              <span class="tally" data-testid="tally">
                {s().status === 'cancelled'
                  ? t('training.sessions.invitedCount', { n: count(props.d.attendees.length) })
                  : t('training.sessions.presentCount', { present: count(present()), invited: count(expected()) })}
                <Show when={excused() > 0}>{t('training.sessions.excusedCount', { n: count(excused()) })}</Show>
              </span>
              <Show when={open()}>
                <span class="live" data-testid="live">
                  {t('training.sessions.live')}
                </span>
              </Show>
            </div>
            <Show when={props.d.canEdit && s().status === 'scheduled' && beforeWindow()}>
              <p class="note" id="mark-why" data-testid="mark-why">
                {t('training.sessions.markLater', { opens: dayClock(opensAt(), zone()) })}
              </p>
            </Show>
            <Show
              when={props.d.attendees.length > 0}
              fallback={<p class="empty">{t('training.sessions.noAttendees')}</p>}
            >
              <ul class="attendee-list" data-testid="attendee-list">
                <For each={props.d.attendees}>
                  {(a) => (
                    <AttendeeRow
                      a={a}
                      zone={zone()}
                      ended={phase() === 'ended'}
                      canMark={props.d.canEdit && s().status === 'scheduled'}
                      beforeWindow={beforeWindow()}
                      busy={busy()}
                      onMark={(status) =>
                        void act(() =>
                          api.training.markAttendance.mutate({ sessionId: s().id, employeeId: a.employeeId, status }),
                        )
                      }
                    />
                  )}
                </For>
              </ul>
            </Show>
          </section>
          <Show when={s().status === 'scheduled'}>
            <Feedback d={props.d} ended={phase() === 'ended'} />
          </Show>
        </div>
      </div>
    </article>
  );
}
