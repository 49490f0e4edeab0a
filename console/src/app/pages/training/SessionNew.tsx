/**
 * 新建培训 (/training/sessions/new): a session's title; the unit it is for (those where the user may edit
 * training); its hall (optional, among the unit's halls) and whether it is held in a room or online, the
 * room or the link; its date, start and end on the hall's clocks (said back as the session will read,
 * with the zone when it is not the usual one); the course, a material of the library; the clerks invited,
 * grouped by hall. Saved, it opens the session's page. A refusal of the cloud's is said at its field.
 */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, errorMessage, type Inputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded, Refused } from '../../components/States.tsx';
import { dataLang, zoneName } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { topUnit, UnitPicker, type OrgUnit } from '../inventory/more-text.tsx';
import { AttendeePicker, MAX_ATTENDEES } from './AttendeePicker.tsx';
import { CoursePicker, type Course } from './CoursePicker.tsx';
import {
  editableUnits,
  otherZone,
  spanText,
  wallClock,
  zonedInstant,
  zoneOf,
  type InviteChoices,
} from './sessions-text.tsx';
import { TRAINING_EDIT_ROLES, TrainingNav, WithData } from './training-text.tsx';
import './training.css';
import './sessions.css';
import './session-form.css';

type Field = 'title' | 'orgUnitId' | 'hallId' | 'place' | 'startsAt' | 'endsAt' | 'employeeIds' | 'materialSeriesId';
const FIELDS: readonly Field[] = [
  'title',
  'orgUnitId',
  'hallId',
  'place',
  'startsAt',
  'endsAt',
  'employeeIds',
  'materialSeriesId',
];

export default function SessionNewPage() {
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [units, { refetch }] = createResource(
    () => (mayEdit() ? true : null),
    async () => editableUnits(session().me(), await api.org.tree.query()),
  );
  return (
    <section class="training session-new">
      <TrainingNav mayEdit={mayEdit()} />
      <p class="back">
        <A href="/training/sessions">{t('training.sessions.back')}</A>
      </p>
      <h1>{t('training.sessions.new')}</h1>
      <Show when={mayEdit()} fallback={<Refused what="training.sessions.editRefused" />}>
        <Loaded of={units} retry={() => void refetch()} refused="training.sessions.editRefused">
          {(u) => (
            <Show when={u().length > 0} fallback={<Refused what="training.sessions.editRefused" />}>
              <SessionForm units={u()} />
            </Show>
          )}
        </Loaded>
      </Show>
    </section>
  );
}

interface Draft {
  title: string;
  orgUnitId: string;
  hallId: string;
  mode: 'classroom' | 'online';
  place: string;
  date: string;
  start: string;
  end: string;
  course: Course | null;
  employeeIds: string[];
}

/** 时:分 plus minutes, kept within the day (23:59 at most). */
function later(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = Math.min(23 * 60 + 59, h * 60 + m + minutes);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** The next half hour on the zone's clocks (today's date with it). */
function nextHalfHour(timeZone: string): { date: string; start: string } {
  const at = Math.ceil((Date.now() + 60_000) / 1_800_000) * 1_800_000;
  const w = wallClock(at, timeZone);
  return { date: w.date, start: w.time };
}

function SessionForm(props: { units: readonly OrgUnit[] }) {
  const navigate = useNavigate();
  const first = nextHalfHour(zoneOf(null));
  const [d, setD] = createStore<Draft>({
    title: '',
    orgUnitId: topUnit(props.units) ?? props.units[0]?.id ?? '',
    hallId: '',
    mode: 'classroom',
    place: '',
    date: first.date,
    start: first.start,
    end: later(first.start, 60),
    course: null,
    employeeIds: [],
  });
  const [choices, { refetch }] = createResource(
    () => d.orgUnitId || null,
    (orgUnitId) => api.training.inviteChoices.query({ orgUnitId }),
  );
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();

  // From a suggestion (培训建议 → 安排培训): `?material=<series>&employee=<id>` — the course, its title, the
  // clerk invited and their hall, once the unit's clerks are loaded.
  const [params] = useSearchParams<{ material?: string; employee?: string }>();
  const prefillMaterial = Number(params.material);
  if (Number.isInteger(prefillMaterial) && prefillMaterial > 0)
    void api.training.material
      .query({ id: prefillMaterial })
      .then((m) => {
        if (d.course) return;
        setD('course', { seriesId: m.seriesId, title: m.title });
        if (!d.title.trim()) setD('title', m.title);
      })
      .catch(() => {});
  let prefilled = false;
  createEffect(() => {
    const c = choices.latest;
    if (prefilled || !c || !params.employee) return;
    prefilled = true;
    const who = c.employees.find((e) => e.id === params.employee);
    if (who) setD({ employeeIds: [who.id], hallId: who.hallId });
  });

  const halls = () => choices.latest?.halls ?? [];
  const hall = () => halls().find((h) => h.id === d.hallId) ?? null;
  /** The hall's zone; without a hall the unit's halls' if they share one, else the usual one. */
  const zone = createMemo(() => {
    if (hall()) return hall()?.timeZone ?? zoneOf(null);
    const zones = new Set(halls().map((h) => h.timeZone));
    return zones.size === 1 ? ([...zones][0] as string) : zoneOf(null);
  });
  // Until the trainer sets a time, the next half hour on the clocks of the zone the form is in.
  const [timeTouched, setTimeTouched] = createSignal(false);
  createEffect(
    on(zone, (z) => {
      if (timeTouched()) return;
      const next = nextHalfHour(z);
      setD({ date: next.date, start: next.start, end: later(next.start, 60) });
    }),
  );
  const startsAt = () => zonedInstant(d.date, d.start, zone());
  const endsAt = () => zonedInstant(d.date, d.end, zone());

  const setUnit = (orgUnitId: string) => {
    setD({ orgUnitId, hallId: '', employeeIds: [] });
    setErrors({});
  };
  const setStart = (start: string) => {
    setTimeTouched(true);
    setD('start', start);
    if (/^\d{2}:\d{2}/.test(start) && d.end <= start) setD('end', later(start, 60));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    notices.clear();
    setErrors({ title: undefined, startsAt: undefined, endsAt: undefined, employeeIds: undefined, place: undefined });
    if (!d.title.trim()) return void setErrors('title', t('error.detail.training-title-empty'));
    const s = startsAt();
    const end = endsAt();
    if (s === null) return void setErrors('startsAt', t('training.sessions.form.timeNeeded'));
    if (end === null || end <= s) return void setErrors('endsAt', t('training.sessions.form.endAfterStart'));
    if (d.employeeIds.length > MAX_ATTENDEES)
      return void setErrors('employeeIds', t('training.sessions.form.tooMany', { max: MAX_ATTENDEES }));
    if (d.mode === 'classroom' && !d.hallId && !d.place.trim())
      return void setErrors('place', t('error.detail.training-session-place'));
    const input: Inputs['training']['scheduleSession'] = {
      title: d.title.trim(),
      orgUnitId: d.orgUnitId,
      ...(d.hallId ? { hallId: d.hallId } : {}),
      mode: d.mode,
      ...(d.place.trim() ? { place: d.place.trim() } : {}),
      startsAt: new Date(s).toISOString(),
      endsAt: new Date(end).toISOString(),
      ...(d.course ? { materialSeriesId: d.course.seriesId } : {}),
      employeeIds: d.employeeIds,
    };
    setBusy(true);
    try {
      const { id } = await api.training.scheduleSession.mutate(input);
      navigate(`/training/sessions/${id}`);
    } catch (err) {
      const field = fieldOf(err);
      if (field) setErrors(field, hasDetail(err) ? errorMessage(err) : t('training.sessions.form.invalid'));
      else notices.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const FieldError = (p: { of: Field }) => (
    <Show when={errors[p.of]}>
      {(m) => (
        <span class="field-error" role="alert" data-field={p.of}>
          {m()}
        </span>
      )}
    </Show>
  );

  return (
    <form class="grid-form session-form" data-testid="session-form" onSubmit={(e) => void save(e)} noValidate>
      <label class="full">
        {t('training.sessions.form.title')}
        <input
          name="title"
          required
          maxLength={120}
          value={d.title}
          lang={dataLang(d.title)}
          placeholder={t('training.sessions.form.titlePlaceholder')}
          onInput={(e) => setD('title', e.currentTarget.value)}
        />
        <FieldError of="title" />
      </label>
      <div class="unit-field">
        <UnitPicker units={props.units} value={d.orgUnitId} onChange={setUnit} label="training.sessions.form.unit" />
        <FieldError of="orgUnitId" />
      </div>
      <label>
        {t('training.sessions.form.hall')}
        <select name="hall" onChange={(e) => setD('hallId', e.currentTarget.value)}>
          <option value="" selected={d.hallId === ''}>
            {t('training.sessions.form.noHall')}
          </option>
          <For each={halls()}>
            {(h) => (
              <option value={h.id} selected={d.hallId === h.id} lang={dataLang(h.name)}>
                {h.name}
              </option>
            )}
          </For>
        </select>
        <FieldError of="hallId" />
      </label>
      <fieldset class="mode">
        <legend>{t('training.sessions.form.mode')}</legend>
        <label class="check">
          <input
            type="radio"
            name="mode"
            value="classroom"
            checked={d.mode === 'classroom'}
            onChange={() => setD('mode', 'classroom')}
          />
          {t('training.sessions.mode.classroom')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="mode"
            value="online"
            checked={d.mode === 'online'}
            onChange={() => setD('mode', 'online')}
          />
          {t('training.sessions.mode.online')}
        </label>
      </fieldset>
      <label class="full">
        {d.mode === 'online'
          ? t('training.sessions.form.link')
          : d.hallId
            ? t('training.sessions.form.roomOptional')
            : t('training.sessions.form.room')}
        <input
          name="place"
          maxLength={300}
          value={d.place}
          inputMode={d.mode === 'online' ? 'url' : 'text'}
          placeholder={
            d.mode === 'online'
              ? t('training.sessions.form.linkPlaceholder')
              : t('training.sessions.form.roomPlaceholder')
          }
          onInput={(e) => setD('place', e.currentTarget.value)}
        />
        <FieldError of="place" />
      </label>
      <fieldset class="when" aria-describedby="session-when">
        <legend>{t('training.sessions.form.when')}</legend>
        <label class="date">
          {t('training.sessions.form.date')}
          <input
            type="date"
            name="date"
            required
            value={d.date}
            onInput={(e) => {
              setTimeTouched(true);
              setD('date', e.currentTarget.value);
            }}
          />
        </label>
        <label>
          {t('training.sessions.form.start')}
          <input type="time" name="start" required value={d.start} onInput={(e) => setStart(e.currentTarget.value)} />
          <FieldError of="startsAt" />
        </label>
        <label>
          {t('training.sessions.form.end')}
          <input
            type="time"
            name="end"
            required
            value={d.end}
            onInput={(e) => {
              setTimeTouched(true);
              setD('end', e.currentTarget.value);
            }}
          />
          <FieldError of="endsAt" />
        </label>
        <p class="when-said muted" id="session-when" data-testid="when-said">
          <Show when={startsAt() !== null && endsAt() !== null && (endsAt() ?? 0) > (startsAt() ?? 0)}>
            {spanText(new Date(startsAt() ?? 0), new Date(endsAt() ?? 0), zone())}
            {' · '}
          </Show>
          <Show
            when={hall()}
            fallback={t('training.sessions.form.zone', { zone: zoneName(zone(), startsAt() ?? Date.now()) })}
          >
            {(h) => (
              <WithData
                say={(slot) =>
                  t('training.sessions.form.zoneHall', {
                    hall: slot,
                    zone: zoneName(zone(), startsAt() ?? Date.now()),
                  })
                }
                data={h().name}
              />
            )}
          </Show>
          <Show when={otherZone(zone())}>
            <span class="zone-warning"> {t('training.sessions.form.zoneOther')}</span>
          </Show>
        </p>
      </fieldset>
      <CoursePicker value={d.course} onChange={(course) => setD('course', course)} error={errors.materialSeriesId} />
      <Loaded of={choices} retry={() => void refetch()}>
        {(c) => (
          <AttendeePicker
            choices={c() as InviteChoices}
            selected={d.employeeIds}
            onChange={(ids) => setD('employeeIds', ids)}
            hallId={d.hallId || null}
            error={errors.employeeIds ?? null}
          />
        )}
      </Loaded>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()} data-action="save">
          {busy() ? t('training.form.saving') : t('training.sessions.form.save')}
        </button>
        <A class="button" href="/training/sessions">
          {t('training.form.cancel')}
        </A>
      </div>
      <Notices of={notices} />
    </form>
  );
}

/** The form's field a refusal of the cloud's names (its first), if the form has it. */
function fieldOf(err: unknown): Field | null {
  if (!(err instanceof TRPCClientError)) return null;
  const fields = (err.data as { fields?: string[] } | undefined)?.fields ?? [];
  const f = fields[0]?.split('.')[0];
  return f && (FIELDS as readonly string[]).includes(f) ? (f as Field) : null;
}

/** Whether the cloud said what exactly is wrong (a detail code), or only which field (a malformed input). */
const hasDetail = (err: unknown) =>
  err instanceof TRPCClientError && Boolean((err.data as { detail?: unknown } | undefined)?.detail);
