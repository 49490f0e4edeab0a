/** A KPI's versions, newest first: when, by whom, and what changed from the version before (before → after). */
import { For, Show } from 'solid-js';
import type { Outputs } from '../../../api.ts';
import { count, dateTime } from '../../../format.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';
import {
  appliesToText,
  bandsText,
  directionText,
  periodText,
  unitText,
  valueText,
  type AppliesTo,
  type Bands,
} from './kpi-text.ts';

type VersionList = Outputs['kpis']['versions'];
type Version = VersionList['versions'][number];

type Facts = Outputs['kpis']['reference']['facts'];

function fieldText(field: string, v: unknown, k: Version, units: Record<string, string>, facts: Facts): string {
  if (v === null || v === undefined) return t('catalogue.none');
  switch (field) {
    case 'unit':
      return unitText(String(v));
    case 'direction':
      return directionText(String(v));
    case 'period':
      return periodText(String(v));
    case 'target':
      return valueText(v as number, k.unit);
    case 'bands':
      return bandsText(v as Bands, k.unit);
    case 'appliesTo':
      return appliesToText(v as AppliesTo, units);
    case 'minSample': {
      const m = v as { fact: string; n: number };
      const f = facts.find((x) => x.id === m.fact);
      return `${f ? (lang() === 'zh-CN' ? f.zh : f.en) : m.fact} ≥ ${count(m.n)}`;
    }
    default:
      return String(v);
  }
}

export function Versions(props: { list: VersionList; facts: Facts }) {
  return (
    <div class="panel versions">
      <h2>{t('catalogue.versions.title')}</h2>
      <ol>
        <For each={props.list.versions}>
          {(v, i) => (
            <li data-version={v.version}>
              <strong>
                {t('catalogue.versionOf', { version: count(v.version), n: count(props.list.versions.length) })}
              </strong>{' '}
              <span class="muted">
                {t('catalogue.versions.by', {
                  when: dateTime(Date.parse(String(v.createdAt))),
                  who: v.createdBy ? (props.list.users[v.createdBy] ?? '—') : t('catalogue.versions.system'),
                })}
              </span>
              <Show when={v.retiredAt}>
                {' '}
                <span class="badge">{t('catalogue.retiredTitle')}</span>
              </Show>
              <Show
                when={v.changes.length > 0}
                fallback={
                  <p class="muted">
                    {i() === props.list.versions.length - 1
                      ? t('catalogue.versions.first')
                      : t('catalogue.versions.same')}
                  </p>
                }
              >
                <For each={v.changes}>
                  {(c) => (
                    <div class="change">
                      <span>{t(`catalogue.diff.${c.field}` as ConsoleKey)}</span>
                      <span>
                        <del translate={c.field === 'formula' ? 'no' : undefined}>
                          {fieldText(c.field, c.before, v, props.list.units, props.facts)}
                        </del>{' '}
                        →{' '}
                        <ins translate={c.field === 'formula' ? 'no' : undefined}>
                          {fieldText(c.field, c.after, v, props.list.units, props.facts)}
                        </ins>
                      </span>
                    </div>
                  )}
                </For>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}
