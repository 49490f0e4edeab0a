/**
 * 指标编辑 A KPI's editor (/kpis/new, /kpis/:key): names, the formula with live validation and the
 * reference of facts and functions, unit, direction, target, weight, who it applies to, period, the
 * minimum sample, the scoring bands with their chart, a preview on the last 30 days before saving, and
 * the version history. Saving an existing KPI writes its next version.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { count, dataLang, dateTime } from '../../../format.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';
import { BandsEditor } from './BandsEditor.tsx';
import { FormulaField, useFormulaCheck } from './FormulaField.tsx';
import { kpiName } from './kpi-text.ts';
import { PreviewPanel, type Draft } from './Preview.tsx';
import { ReferencePanel } from './Reference.tsx';
import { Versions } from './Versions.tsx';
import './catalogue.css';

const UNITS = ['count', 'percent', 'minutes', 'seconds', 'score', 'ratio'] as const;
const PERIODS = ['day', 'week', 'month'] as const;
const SUBJECTS = ['clerk', 'counter', 'hall'] as const;
const ROLES = ['clerk', 'lead', 'manager'] as const;

const BLANK: Draft = {
  nameZh: '',
  nameEn: '',
  formula: '',
  unit: 'percent',
  direction: 'higher',
  target: null,
  bands: { kind: 'linear', zeroAt: 0, fullAt: 100 },
  weight: 1,
  appliesTo: { subjects: ['clerk'] },
  period: 'month',
  minSample: null,
};

type Reference = Outputs['kpis']['reference'];
type VersionList = Outputs['kpis']['versions'];

function Editor(props: { reference: Reference; versions: VersionList | null; onSaved: (key: string) => void }) {
  const newest = () => props.versions?.versions[0] ?? null;
  const initial = (): Draft => {
    const n = newest();
    if (!n) return structuredClone(BLANK);
    return structuredClone({
      nameZh: n.nameZh,
      nameEn: n.nameEn,
      formula: n.formula,
      unit: n.unit,
      direction: n.direction,
      target: n.target,
      bands: n.bands,
      weight: n.weight,
      appliesTo: n.appliesTo,
      period: n.period,
      minSample: n.minSample,
    }) as Draft;
  };
  const [draft, setDraft] = createStore<Draft>(initial());
  const [key, setKey] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [note, setNote] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = createSignal(false);
  const { result: check, failure } = useFormulaCheck(() => draft.formula);
  let textarea: HTMLTextAreaElement | undefined;

  const insert = (text: string, caretBack = 0) => {
    const el = textarea;
    const value = draft.formula;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + text + value.slice(end);
    setDraft('formula', next);
    queueMicrotask(() => {
      el?.focus();
      const caret = start + text.length - caretBack;
      el?.setSelectionRange(caret, caret);
    });
  };
  /** The draft as the cloud takes it; null while the formula is not known to be valid. */
  const valid = createMemo<Draft | null>(() => {
    const c = check();
    if (!c?.ok) return null;
    return structuredClone(unwrap(draft)) as Draft;
  });
  const hallsAndRegions = () => props.reference.units.filter((u) => u.kind !== 'hq');
  const toggle = <T extends string>(list: readonly T[] | undefined, v: T, on: boolean) =>
    on ? [...(list ?? []), v] : (list ?? []).filter((x) => x !== v);

  const save = async () => {
    setSaving(true);
    setNote(null);
    try {
      const body = structuredClone(unwrap(draft)) as Draft;
      const n = newest();
      const saved = n
        ? await api.kpis.update.mutate({
            key: n.key,
            fromVersion: n.version,
            draft: body,
            ...(reason().trim() ? { reason: reason().trim() } : {}),
          })
        : await api.kpis.create.mutate({ key: key(), draft: body });
      setNote({ ok: true, text: t('catalogue.saved', { version: count(saved.version) }) });
      setReason('');
      props.onSaved(saved.key);
    } catch (err) {
      setNote({ ok: false, text: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };
  const retire = async (restore: boolean) => {
    const n = newest();
    if (!n) return;
    try {
      await (restore ? api.kpis.restore : api.kpis.retire).mutate({ key: n.key });
      props.onSaved(n.key);
    } catch (err) {
      setNote({ ok: false, text: errorMessage(err) });
    }
  };
  // A version saved elsewhere while this page was open: the form follows the newest version.
  let shown = newest()?.version;
  const following = createMemo(() => {
    const v = newest()?.version;
    if (v !== shown) {
      shown = v;
      setDraft(reconcile(initial()));
    }
    return v;
  });

  return (
    <div class="editor-grid" data-version={following()}>
      <div>
        <Show when={newest()?.retiredAt}>
          {(at) => (
            <p class="badge retired-note">{t('catalogue.retiredNote', { when: dateTime(Date.parse(String(at()))) })}</p>
          )}
        </Show>
        <div class="panel">
          <div class="fields">
            <Show when={!newest()}>
              <label>
                {t('catalogue.field.key')}
                <input
                  name="key"
                  required
                  maxLength={40}
                  pattern="[a-z][a-z0-9]*(-[a-z0-9]+)*"
                  value={key()}
                  onInput={(e) => setKey(e.currentTarget.value)}
                />
              </label>
            </Show>
            <label>
              {t('catalogue.field.nameZh')}
              <input
                name="nameZh"
                lang="zh-CN"
                maxLength={40}
                value={draft.nameZh}
                onInput={(e) => setDraft('nameZh', e.currentTarget.value)}
              />
            </label>
            <label>
              {t('catalogue.field.nameEn')}
              <input
                name="nameEn"
                lang="en"
                maxLength={40}
                value={draft.nameEn}
                onInput={(e) => setDraft('nameEn', e.currentTarget.value)}
              />
            </label>
          </div>
          <FormulaField
            value={draft.formula}
            onInput={(v) => setDraft('formula', v)}
            check={check()}
            failure={failure()}
            ref={(el) => (textarea = el)}
          />
          <div class="fields">
            <label>
              {t('catalogue.field.unit')}
              <select
                name="unit"
                value={draft.unit}
                onChange={(e) => setDraft('unit', e.currentTarget.value as Draft['unit'])}
              >
                <For each={UNITS}>{(u) => <option value={u}>{t(`catalogue.unit.${u}` as ConsoleKey)}</option>}</For>
              </select>
            </label>
            <label>
              {t('catalogue.field.direction')}
              <select
                name="direction"
                value={draft.direction}
                onChange={(e) => setDraft('direction', e.currentTarget.value as Draft['direction'])}
              >
                <option value="higher">{t('catalogue.direction.higher')}</option>
                <option value="lower">{t('catalogue.direction.lower')}</option>
              </select>
            </label>
            <label>
              {t('catalogue.field.target')}
              <input
                type="number"
                name="target"
                step="any"
                value={draft.target ?? ''}
                onInput={(e) =>
                  setDraft('target', e.currentTarget.value.trim() === '' ? null : Number(e.currentTarget.value))
                }
              />
            </label>
            <label>
              {t('catalogue.field.weight')}
              <input
                type="number"
                name="weight"
                min="0"
                max="100"
                step="any"
                value={draft.weight}
                onInput={(e) => setDraft('weight', Number(e.currentTarget.value))}
              />
            </label>
            <label>
              {t('catalogue.field.period')}
              <select
                name="period"
                value={draft.period}
                onChange={(e) => setDraft('period', e.currentTarget.value as Draft['period'])}
              >
                <For each={PERIODS}>{(p) => <option value={p}>{t(`catalogue.period.${p}` as ConsoleKey)}</option>}</For>
              </select>
            </label>
          </div>
          <fieldset>
            <legend>{t('catalogue.field.subjects')}</legend>
            <For each={SUBJECTS}>
              {(s) => (
                <label>
                  <input
                    type="checkbox"
                    checked={draft.appliesTo.subjects.includes(s)}
                    onChange={(e) =>
                      setDraft('appliesTo', 'subjects', toggle(draft.appliesTo.subjects, s, e.currentTarget.checked))
                    }
                  />
                  {t(`catalogue.subject.${s}` as ConsoleKey)}
                </label>
              )}
            </For>
          </fieldset>
          <fieldset>
            <legend>{t('catalogue.field.roles')}</legend>
            <For each={ROLES}>
              {(r) => (
                <label>
                  <input
                    type="checkbox"
                    checked={draft.appliesTo.roles?.includes(r) ?? false}
                    onChange={(e) => {
                      const next = toggle(draft.appliesTo.roles, r, e.currentTarget.checked);
                      setDraft('appliesTo', 'roles', next.length ? next : undefined);
                    }}
                  />
                  {t(`catalogue.role.${r}` as ConsoleKey)}
                </label>
              )}
            </For>
          </fieldset>
          <fieldset>
            <legend>{t('catalogue.field.units')}</legend>
            <For each={hallsAndRegions()}>
              {(u) => (
                <label>
                  <input
                    type="checkbox"
                    checked={draft.appliesTo.orgUnitIds?.includes(u.id) ?? false}
                    onChange={(e) => {
                      const next = toggle(draft.appliesTo.orgUnitIds, u.id, e.currentTarget.checked);
                      setDraft('appliesTo', 'orgUnitIds', next.length ? next : undefined);
                    }}
                  />
                  <span lang={dataLang(u.name)}>{u.name}</span>
                </label>
              )}
            </For>
          </fieldset>
          <fieldset>
            <legend>{t('catalogue.field.minSample')}</legend>
            <label class="grow">
              {t('catalogue.field.minSampleFact')}
              <select
                name="minSampleFact"
                value={draft.minSample?.fact ?? ''}
                onChange={(e) => {
                  const fact = e.currentTarget.value;
                  setDraft('minSample', fact ? { fact, n: draft.minSample?.n ?? 10 } : null);
                }}
              >
                <option value="">{t('catalogue.field.noMinSample')}</option>
                <For each={props.reference.facts}>
                  {(f) => <option value={f.id}>{lang() === 'zh-CN' ? f.zh : f.en}</option>}
                </For>
              </select>
            </label>
            <Show when={draft.minSample}>
              {(m) => (
                <label>
                  {t('catalogue.field.minSampleN')}
                  <input
                    type="number"
                    name="minSampleN"
                    min="1"
                    step="1"
                    value={m().n}
                    onInput={(e) =>
                      setDraft('minSample', { fact: m().fact, n: Math.round(Number(e.currentTarget.value)) })
                    }
                  />
                </label>
              )}
            </Show>
          </fieldset>
        </div>
        <BandsEditor
          bands={draft.bands}
          unit={draft.unit}
          direction={draft.direction}
          onChange={(b) => setDraft('bands', reconcile(b))}
        />
        <PreviewPanel draft={valid()} units={props.reference.units} />
        <Show when={props.reference.canEdit} fallback={<p class="muted read-only">{t('catalogue.readOnly')}</p>}>
          <div class="panel editor-actions">
            <Show when={newest()}>
              <label class="inline">
                {t('catalogue.field.reason')}
                <input
                  name="reason"
                  maxLength={200}
                  value={reason()}
                  onInput={(e) => setReason(e.currentTarget.value)}
                />
              </label>
            </Show>
            <button type="button" name="save" disabled={saving() || !valid()} onClick={() => void save()}>
              {newest()
                ? t('catalogue.saveVersion', { version: count((newest()?.version ?? 0) + 1) })
                : t('catalogue.save')}
            </button>
            <Show when={newest()}>
              {(n) => (
                <button type="button" class="secondary" onClick={() => void retire(Boolean(n().retiredAt))}>
                  {n().retiredAt ? t('catalogue.restore') : t('catalogue.retire')}
                </button>
              )}
            </Show>
            <Show when={note()}>
              {(n) => (
                <span class={n().ok ? 'ok' : 'error'} role={n().ok ? 'status' : 'alert'}>
                  {n().text}
                </span>
              )}
            </Show>
          </div>
        </Show>
        <Show when={props.versions}>{(v) => <Versions list={v()} facts={props.reference.facts} />}</Show>
      </div>
      <ReferencePanel reference={props.reference} insert={insert} />
    </div>
  );
}

export default function KpiEditorPage() {
  const params = useParams<{ key?: string }>();
  const navigate = useNavigate();
  // The reference and (for an existing KPI) its versions, loaded together: the form needs both.
  const [data, { refetch }] = createResource(
    () => ({ key: params.key ?? null }),
    async ({ key }) => {
      const [reference, versions] = await Promise.all([
        api.kpis.reference.query(),
        key ? api.kpis.versions.query({ key }) : Promise.resolve(null),
      ]);
      return { reference, versions };
    },
  );
  const title = () => {
    // Reading a failed resource throws: its state is looked at first.
    const n = data.error ? undefined : data()?.versions?.versions[0];
    return n ? t('catalogue.editTitle', { name: kpiName(n) }) : t('catalogue.newTitle');
  };
  return (
    <section class="kpi-editor">
      <div class="page-head">
        <div>
          <p class="crumbs">
            <A href="/kpis">{t('catalogue.back')}</A>
          </p>
          <h1>{title()}</h1>
        </div>
      </div>
      <Loaded of={data} retry={() => void refetch()} refused="catalogue.refused" notFound="catalogue.notFound">
        {(d) => (
          <Editor
            reference={d().reference}
            versions={d().versions}
            onSaved={(key) => {
              if (params.key !== key) navigate(`/kpis/${key}`);
              else void refetch();
            }}
          />
        )}
      </Loaded>
    </section>
  );
}
