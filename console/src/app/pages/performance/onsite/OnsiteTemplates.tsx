/**
 * The checklists in force for a hall (/halls/:hallId/onsite/templates): each with its version, where it
 * is kept (HQ, the region, the hall), its sections and items — points, critical items, photo on fail —
 * so a manager knows what a check asks before scoring. Checklists are changed as configuration
 * (`onsite.saveTemplate` at an org unit); one kept by this hall can be retired here.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { dataLang } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { named } from './onsite-text.ts';
import './onsite.css';

type Row = Outputs['onsite']['unitTemplates'][number];

export default function OnsiteTemplatesPage() {
  const params = useParams<{ hallId: string }>();
  const [data, { refetch }] = createResource(
    () => params.hallId,
    async (hallId) => {
      const units = await api.org.tree.query();
      const unit = units.find((u) => u.hallId === hallId);
      if (!unit) return { unitId: null, hallName: hallId, templates: [] as Row[] };
      return {
        unitId: unit.id,
        hallName: unit.name,
        templates: (await api.onsite.unitTemplates.query({ orgUnitId: unit.id })).filter((x) => !x.retired),
      };
    },
  );
  return (
    <section class="onsite-page">
      <Loaded of={data} retry={() => void refetch()} refused="onsite.refused">
        {(d) => (
          <>
            <p class="crumbs">
              <A href={`/halls/${params.hallId}/onsite`}>
                {t('onsite.list.title')} · <span lang={dataLang(d().hallName)}>{d().hallName}</span>
              </A>
            </p>
            <h1>{t('onsite.templates.title')}</h1>
            <Show when={d().templates.length > 0} fallback={<p class="state empty">{t('onsite.new.noTemplates')}</p>}>
              <For each={d().templates}>
                {(row) => <TemplateCard row={row} unitId={d().unitId} done={() => void refetch()} />}
              </For>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}

function TemplateCard(props: { row: Row; unitId: string | null; done: () => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const retire = async () => {
    if (!props.unitId) return;
    setError(null);
    try {
      await api.onsite.retireTemplate.mutate({ orgUnitId: props.unitId, templateId: props.row.template.id });
      props.done();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const tpl = () => props.row.template;
  return (
    <section class="template-card" data-template={tpl().id}>
      <h2>{named(tpl())}</h2>
      <p class="muted">
        {t('onsite.templates.meta', { version: tpl().version })}
        {' · '}
        {t(`onsite.templates.subject.${tpl().subject}`)}
        {' · '}
        {t('onsite.templates.keptBy')} <span lang={dataLang(props.row.orgUnitName)}>{props.row.orgUnitName}</span>
      </p>
      <For each={tpl().sections}>
        {(s) => (
          <>
            <h3>{named(s)}</h3>
            <ul class="answers">
              <For each={s.items}>
                {(i) => (
                  <li>
                    <div class="item-head">
                      <span class="item-name">{named(i)}</span>
                      <span class="item-meta">
                        {t('onsite.points', { n: i.points })}
                        <Show when={i.critical}>
                          <span class="badge critical">{t('onsite.critical')}</span>
                        </Show>
                        <Show when={i.photoOnFail}>
                          <span class="badge">{t('onsite.templates.photoOnFail')}</span>
                        </Show>
                      </span>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </For>
      <Show when={!props.row.inherited}>
        <button type="button" class="secondary" onClick={() => void retire()}>
          {t('onsite.templates.retire')}
        </button>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  );
}
