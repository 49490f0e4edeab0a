/**
 * A session's attendees on its page: one row each (their hall, their state in words, when and how they
 * checked in, the trainer's buttons) and the list changed with the form's picker (those checked in kept).
 */
import { createResource, createSignal, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { AttendeePicker } from './AttendeePicker.tsx';
import { AttendanceBadge, clock, msOf, type Attendance, type Attendee, type SessionDetail } from './sessions-text.tsx';

export function AttendeeRow(props: {
  a: Attendee;
  zone: string;
  ended: boolean;
  canMark: boolean;
  beforeWindow: boolean;
  busy: boolean;
  onMark: (status: Attendance) => void;
}) {
  const a = () => props.a;
  return (
    <li class="attendee" data-employee={a().employeeId} data-status={a().status}>
      <span class="who">
        <span class="name" lang={dataLang(a().name)}>
          {a().name ?? t('training.sessions.unknownClerk')}
        </span>
        <Show when={a().hallName}>
          {(h) => (
            <span class="muted hall" lang={dataLang(h())}>
              {h()}
            </span>
          )}
        </Show>
      </span>
      <span class="att-state">
        <AttendanceBadge status={a().status} ended={props.ended} />
        <Show when={a().status === 'present' && a().checkedInAt}>
          {(at) => (
            <span class="muted how" data-testid="checked-in">
              {t(a().method === 'qr' ? 'training.sessions.byQr' : 'training.sessions.byTrainer', {
                time: clock(msOf(at()), props.zone),
              })}
            </span>
          )}
        </Show>
      </span>
      <Show when={props.canMark}>
        <span class="mark">
          <Show
            when={a().status === 'invited'}
            fallback={
              <button type="button" data-action="undo" disabled={props.busy} onClick={() => props.onMark('invited')}>
                {t('training.sessions.undo')}
              </button>
            }
          >
            <button
              type="button"
              data-action="present"
              disabled={props.busy || props.beforeWindow}
              aria-describedby={props.beforeWindow ? 'mark-why' : undefined}
              onClick={() => props.onMark('present')}
            >
              {t('training.sessions.markPresent')}
            </button>
            <button type="button" data-action="excuse" disabled={props.busy} onClick={() => props.onMark('excused')}>
              {t('training.sessions.markExcused')}
            </button>
          </Show>
        </span>
      </Show>
    </li>
  );
}

/** The list of invited clerks changed: the same picker as the form, those checked in kept. */
export function EditAttendees(props: {
  d: SessionDetail;
  onDone: (r: { added: number; removed: number } | null) => void;
  refetch: () => Promise<void>;
}) {
  const [choices, { refetch }] = createResource(() =>
    api.training.inviteChoices.query({ orgUnitId: props.d.session.orgUnitId }),
  );
  const [ids, setIds] = createSignal<string[]>(props.d.attendees.map((a) => a.employeeId));
  const locked = () => new Set(props.d.attendees.filter((a) => a.status === 'present').map((a) => a.employeeId));
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();
  const save = async () => {
    setBusy(true);
    notices.clear();
    try {
      const r = await api.training.setAttendees.mutate({ sessionId: props.d.session.id, employeeIds: ids() });
      await props.refetch();
      props.onDone(r);
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="edit-attendees" data-testid="edit-attendees">
      <Loaded of={choices} retry={() => void refetch()}>
        {(c) => (
          <AttendeePicker
            choices={c()}
            selected={ids()}
            onChange={setIds}
            locked={locked()}
            hallId={props.d.session.hallId}
          />
        )}
      </Loaded>
      <div class="form-actions">
        <button
          type="button"
          class="primary"
          disabled={busy()}
          data-action="save-attendees"
          onClick={() => void save()}
        >
          {busy() ? t('training.form.saving') : t('training.sessions.saveAttendees')}
        </button>
        <button type="button" onClick={() => props.onDone(null)}>
          {t('training.form.cancel')}
        </button>
      </div>
      <Notices of={notices} />
    </div>
  );
}
