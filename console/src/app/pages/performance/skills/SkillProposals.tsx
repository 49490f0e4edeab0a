/**
 * 技能等级调整 A hall's skill-level proposals for its managers (/halls/:hallId/skills): each waiting
 * proposal with the figures that made it (every criterion of every level, the clerk's figure against
 * the threshold), confirmed (the level changes and the hub is told) or rejected with a reason; the
 * decided ones below; the rules in force; an evaluation on demand.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { calendarDate, dataLang } from '../../../format.ts';
import { t, type ConsoleKey } from '../../../i18n.ts';
import { CRITERIA, criterionLabel, criterionThreshold, criterionValue, levelWord } from './skill-text.tsx';
import './skills.css';

type Hall = Outputs['skillLevels']['proposals'];
type Proposal = Hall['proposals'][number];
type Rules = Hall['rules']['rules'];
type Criterion = Rules['levels'][number]['criteria'][number];

/** The threshold a criterion carries (0 for one without). */
const thresholdOf = (c: Criterion) => ('min' in c ? c.min : 'maxRatio' in c ? c.maxRatio : 'max' in c ? c.max : 0);

/**
 * The hall's own rules for any service (levels 2 and 3): which criteria apply and their thresholds, the
 * window and the lowering minimum. Saved as a new version at the hall (it then wins over the region's
 * and HQ's); rules for single services are kept as they are.
 */
function RulesEditor(props: { h: Hall; done: () => void; cancel: () => void }) {
  const start = props.h.rules.rules;
  const [windowDays, setWindowDays] = createSignal(start.windowDays);
  const [minServed, setMinServed] = createSignal(start.minServedToLower);
  const initial = (level: 2 | 3) => {
    const rule = start.levels.find((l) => l.level === level && l.serviceId === '*');
    return Object.fromEntries(
      CRITERIA.map((c) => {
        const found = rule?.criteria.find((x) => x.kind === c.kind);
        return [c.kind, { on: Boolean(found), value: found ? thresholdOf(found) : c.initial }];
      }),
    ) as Record<string, { on: boolean; value: number }>;
  };
  const [levels, setLevels] = createSignal({ 2: initial(2), 3: initial(3) });
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const set = (level: 2 | 3, kind: string, patch: Partial<{ on: boolean; value: number }>) =>
    setLevels((l) => ({
      ...l,
      [level]: { ...l[level], [kind]: { ...(l[level][kind] as { on: boolean; value: number }), ...patch } },
    }));
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const ruleOf = (level: 2 | 3) => ({
      serviceId: '*' as const,
      level,
      criteria: CRITERIA.filter((c) => levels()[level][c.kind]?.on).map((c) => {
        const v = levels()[level][c.kind]?.value ?? c.initial;
        return (c.field ? { kind: c.kind, [c.field]: v } : { kind: c.kind }) as Criterion;
      }),
    });
    try {
      await api.skillLevels.saveRules.mutate({
        orgUnitId: props.h.hall.orgUnitId ?? '',
        rules: {
          windowDays: windowDays(),
          minServedToLower: minServed(),
          levels: [...start.levels.filter((l) => l.serviceId !== '*'), ruleOf(2), ruleOf(3)].filter(
            (l) => l.criteria.length > 0,
          ),
        },
      });
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="rules-editor" onSubmit={(e) => void save(e)}>
      <div class="grid">
        <label>
          <span>{t('skills.editor.window')}</span>
          <input
            type="number"
            min={7}
            max={366}
            value={windowDays()}
            onInput={(e) => setWindowDays(Math.round(Number(e.currentTarget.value) || 7))}
          />
        </label>
        <label>
          <span>{t('skills.editor.minServed')}</span>
          <input
            type="number"
            min={0}
            max={10000}
            value={minServed()}
            onInput={(e) => setMinServed(Math.round(Number(e.currentTarget.value) || 0))}
          />
        </label>
      </div>
      <For each={[2, 3] as const}>
        {(level) => (
          <fieldset>
            <legend>
              {levelWord(level)} · {t('skills.anyService')}
            </legend>
            <For each={CRITERIA}>
              {(c) => (
                <div class="criterion-row" data-criterion={`${level}-${c.kind}`}>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={levels()[level][c.kind]?.on ?? false}
                      onChange={(e) => set(level, c.kind, { on: e.currentTarget.checked })}
                    />
                    <span>{criterionLabel(c.kind)}</span>
                  </label>
                  <Show when={c.field}>
                    <input
                      type="number"
                      aria-label={criterionLabel(c.kind)}
                      min={c.min}
                      max={c.max}
                      step={c.step}
                      disabled={!levels()[level][c.kind]?.on}
                      value={levels()[level][c.kind]?.value ?? c.initial}
                      onInput={(e) => set(level, c.kind, { value: Number(e.currentTarget.value) })}
                    />
                  </Show>
                </div>
              )}
            </For>
          </fieldset>
        )}
      </For>
      <div class="decide">
        <button type="submit" class="primary" disabled={busy()}>
          {t('skills.editor.save')}
        </button>
        <button type="button" class="secondary" disabled={busy()} onClick={() => props.cancel()}>
          {t('skills.cancel')}
        </button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

function Evidence(props: { p: Proposal }) {
  return (
    <div class="evidence">
      <For each={props.p.evidence.levels}>
        {(l) => (
          <table class="criteria">
            <caption>
              {levelWord(l.level)}{' '}
              <span class={l.met ? 'met' : 'unmet'}>{l.met ? t('skills.met') : t('skills.unmet')}</span>
            </caption>
            <tbody>
              <For each={l.criteria}>
                {(c) => (
                  <tr class={c.met ? 'met' : 'unmet'}>
                    <th scope="row">{criterionLabel(c.kind)}</th>
                    <td>{criterionValue(c)}</td>
                    <td class="muted">{criterionThreshold(c)}</td>
                    <td aria-label={c.met ? t('skills.met') : t('skills.unmet')}>{c.met ? '✓' : '✗'}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </For>
    </div>
  );
}

function Decide(props: { hallId: string; p: Proposal; done: () => void }) {
  const [rejecting, setRejecting] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const go = async (decision: 'confirmed' | 'rejected') => {
    setBusy(true);
    setError(null);
    try {
      await api.skillLevels.decide.mutate({
        hallId: props.hallId,
        proposalId: props.p.id,
        decision,
        ...(decision === 'rejected' ? { reason: reason().trim() } : {}),
      });
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="decide">
      <Show
        when={rejecting()}
        fallback={
          <>
            <button type="button" class="primary" disabled={busy()} onClick={() => void go('confirmed')}>
              {t('skills.confirm')}
            </button>
            <button type="button" class="secondary" disabled={busy()} onClick={() => setRejecting(true)}>
              {t('skills.reject')}
            </button>
          </>
        }
      >
        <label class="field">
          <span>{t('skills.reason')}</span>
          <input maxLength={300} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="button" class="primary" disabled={busy() || !reason().trim()} onClick={() => void go('rejected')}>
          {t('skills.reject')}
        </button>
        <button type="button" class="secondary" disabled={busy()} onClick={() => setRejecting(false)}>
          {t('skills.cancel')}
        </button>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}

function ProposalCard(props: { hallId: string; h: Hall; p: Proposal; done: () => void }) {
  const service = () => props.h.services.find((s) => s.id === props.p.serviceId)?.name ?? props.p.serviceId;
  const up = () => props.p.toLevel > (props.p.fromLevel ?? 0);
  return (
    <li class="proposal-card" data-proposal={props.p.id} data-status={props.p.status}>
      <div class="proposal-head">
        <strong>
          <A href={`/staff/${props.p.employeeId}/record`} lang={dataLang(props.p.employeeName)}>
            {props.p.employeeName ?? t('skills.unknownEmployee')}
          </A>
        </strong>
        <span lang={dataLang(service())}>{service()}</span>
        <span class={`change ${up() ? 'up' : 'down'}`}>
          {levelWord(props.p.fromLevel)} → {levelWord(props.p.toLevel)}
        </span>
        <Show when={props.p.status !== 'pending'}>
          <span class={`badge ${props.p.status}`}>{t(`skills.status.${props.p.status}` as ConsoleKey)}</span>
        </Show>
      </div>
      <p class="muted">
        {t('skills.window', {
          from: calendarDate(props.p.windowFrom, 'short'),
          to: calendarDate(props.p.windowTo, 'short'),
        })}
      </p>
      <Evidence p={props.p} />
      <Show when={props.p.status === 'pending'}>
        <Decide hallId={props.hallId} p={props.p} done={props.done} />
      </Show>
      <Show when={props.p.reason}>
        <p class="muted" lang={dataLang(props.p.reason)}>
          {t('skills.reasonWas', { reason: props.p.reason ?? '' })}
        </p>
      </Show>
    </li>
  );
}

function Evaluate(props: { hallId: string; done: () => void }) {
  const [note, setNote] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const go = async () => {
    setBusy(true);
    try {
      await api.skillLevels.evaluate.mutate({ hallId: props.hallId });
      setNote(t('skills.evaluating'));
      setTimeout(props.done, 3000);
    } catch (err) {
      setNote(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="evaluate">
      <button type="button" class="secondary" disabled={busy()} onClick={() => void go()}>
        {t('skills.evaluate')}
      </button>
      <Show when={note()}>
        <span role="status" class="muted">
          {note()}
        </span>
      </Show>
    </div>
  );
}

export default function SkillProposalsPage() {
  const params = useParams<{ hallId: string }>();
  const [data, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.skillLevels.proposals.query({ hallId }),
  );
  const again = () => void refetch();
  const [editing, setEditing] = createSignal(false);
  return (
    <section class="skills-page wide">
      <Loaded of={data} retry={again} refused="skills.refusedHall" notFound="state.noSuchHall">
        {(h) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(h().hall.name)}>
                    {h().hall.name}
                  </A>
                </p>
                <h1>{t('skills.title')}</h1>
              </div>
              <Evaluate hallId={params.hallId} done={again} />
            </div>
            <h2>{t('skills.pending')}</h2>
            <Show
              when={h().proposals.some((p) => p.status === 'pending')}
              fallback={<p class="empty">{t('skills.noPending')}</p>}
            >
              <ul class="proposal-list">
                <For each={h().proposals.filter((p) => p.status === 'pending')}>
                  {(p) => <ProposalCard hallId={params.hallId} h={h()} p={p} done={again} />}
                </For>
              </ul>
            </Show>
            <h2>{t('skills.decided')}</h2>
            <Show
              when={h().proposals.some((p) => p.status !== 'pending')}
              fallback={<p class="empty">{t('skills.noDecided')}</p>}
            >
              <ul class="proposal-list">
                <For each={h().proposals.filter((p) => p.status !== 'pending')}>
                  {(p) => <ProposalCard hallId={params.hallId} h={h()} p={p} done={again} />}
                </For>
              </ul>
            </Show>
            <div class="page-head">
              <h2>{t('skills.rules')}</h2>
              <Show when={!editing() && h().hall.orgUnitId}>
                <button type="button" class="secondary edit-rules" onClick={() => setEditing(true)}>
                  {t('skills.editor.edit')}
                </button>
              </Show>
            </div>
            <Show when={editing()}>
              <RulesEditor
                h={h()}
                done={() => {
                  setEditing(false);
                  again();
                }}
                cancel={() => setEditing(false)}
              />
            </Show>
            <p class="muted rules-summary">
              {t('skills.rulesSummary', {
                version: h().rules.version,
                days: h().rules.rules.windowDays,
                min: h().rules.rules.minServedToLower,
              })}
            </p>
            <ul class="rules">
              <For each={h().rules.rules.levels}>
                {(l) => (
                  <li>
                    <strong>
                      {levelWord(l.level)} ·{' '}
                      {l.serviceId === '*'
                        ? t('skills.anyService')
                        : (h().services.find((s) => s.id === l.serviceId)?.name ?? l.serviceId)}
                    </strong>
                    {t('common.colon')}
                    {l.criteria
                      .map(
                        (c) =>
                          `${criterionLabel(c.kind)} ${criterionThreshold({
                            kind: c.kind,
                            value: null,
                            threshold: 'min' in c ? c.min : 'maxRatio' in c ? c.maxRatio : 'max' in c ? c.max : 0,
                            met: false,
                          })}`,
                      )
                      .join(t('common.listSeparator'))}
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </Loaded>
    </section>
  );
}
