/**
 * 物料目录 (/inventory/catalogue): every material and kit with its campaign, validity, what happens after
 * the campaign, the services it goes with (by name, from the halls' configs), the kit's parts; a form to
 * create or change one for those with inventory edit at HQ (the catalogue is the organisation's), read-only
 * for everyone else. The form being edited is in the address (`?edit=<code>`, `?edit=new`).
 */
import { useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { lastGood } from '../../resource.ts';
import type { TableSpec } from '../../export/table-spec.ts';
import { calendarDate, clockIn, count, dataLang, decimal } from '../../format.ts';
import { t } from '../../i18n.ts';
import { CatalogueForm } from './CatalogueForm.tsx';
import { ItemPhoto } from './ItemPhoto.tsx';
import { named, Name, unitName, validityText, type Item } from './more-text.tsx';
import { InventoryNav } from './inventory-text.tsx';
import './more.css';

const today = () => clockIn('Asia/Shanghai').date;

export default function CataloguePage() {
  const [search, setSearch] = useSearchParams<{ edit?: string }>();
  const notices = createNotices();
  const [data, { refetch }] = createResource(async () => {
    const [items, info] = await Promise.all([api.inventory.items.query(), api.inventory.catalogueInfo.query()]);
    return { items, info };
  });
  const dataNow = lastGood(data);
  const byId = createMemo(() => new Map((dataNow()?.items ?? []).map((i) => [i.id, i])));
  const serviceName = (id: string) => dataNow()?.info.services.find((s) => s.id === id)?.name ?? id;
  const services = (i: Item) => i.serviceIds.map(serviceName).join(t('common.listSeparator'));
  const parts = (i: Item) =>
    i.parts
      .map((p) => {
        const x = byId().get(p.itemId);
        return t('inventory.catalogue.partTimes', { name: x ? named(x) : p.itemId, n: count(p.qty) });
      })
      .join(t('common.listSeparator'));
  const expired = (i: Item) => !!i.validTo && i.validTo < today();
  const editing = () => search.edit;
  const spec = (items: Item[]): TableSpec<Item> => ({
    rows: items,
    columns: [
      { title: 'inventory.catalogue.code', kind: 'text', value: (i) => i.id },
      { title: 'inventory.catalogue.name', kind: 'text', value: (i) => named(i) },
      { title: 'inventory.catalogue.unit', kind: 'text', value: (i) => unitName(i) },
      {
        title: 'inventory.catalogue.kind',
        kind: 'text',
        value: (i) =>
          i.kind === 'kit' ? `${t('inventory.catalogue.kind.kit')}：${parts(i)}` : t('inventory.catalogue.kind.item'),
      },
      { title: 'inventory.catalogue.campaign', kind: 'text', value: (i) => i.campaign },
      { title: 'inventory.catalogue.validity', kind: 'text', value: (i) => validityText(i, calendarDate) },
      {
        title: 'inventory.catalogue.after',
        kind: 'text',
        value: (i) => t(`inventory.catalogue.after.${i.afterCampaign}`),
      },
      { title: 'inventory.catalogue.services', kind: 'text', value: (i) => services(i) || null },
      { title: 'inventory.catalogue.perCustomer', kind: 'count', value: (i) => i.perCustomer },
      { title: 'inventory.catalogue.leadTime', kind: 'decimal', value: (i) => i.leadTimeDays },
      { title: 'inventory.catalogue.safetyDays', kind: 'decimal', value: (i) => i.safetyDays },
      {
        title: 'inventory.catalogue.status',
        kind: 'text',
        value: (i) => t(i.active ? 'inventory.catalogue.active' : 'inventory.catalogue.inactive'),
      },
    ],
  });
  const saved = (id: string) => {
    setSearch({ edit: undefined });
    notices.ok('inventory.catalogue.saved', { code: id });
    void refetch();
  };

  return (
    <section class="inventory-more catalogue">
      <div class="page-head">
        <h1>{t('inventory.catalogue.title')}</h1>
      </div>
      <InventoryNav />
      <Loaded of={data} retry={() => void refetch()} refused="inventory.more.refused">
        {(v) => (
          <>
            <Show
              when={v().info.canEdit}
              fallback={
                <p class="hint" data-testid="read-only">
                  {t('inventory.catalogue.readOnly')}
                </p>
              }
            >
              <Show when={!editing()}>
                <p>
                  <button type="button" class="primary" onClick={() => setSearch({ edit: 'new' })}>
                    {t('inventory.catalogue.new')}
                  </button>
                </p>
              </Show>
            </Show>
            <Notices of={notices} />
            <Show when={v().info.canEdit && editing()} keyed>
              {(code) => (
                <Show
                  when={code === 'new' || byId().get(code)}
                  fallback={<p class="error">{t('inventory.catalogue.noSuchItem')}</p>}
                >
                  <CatalogueForm
                    item={code === 'new' ? null : (byId().get(code) ?? null)}
                    items={v().items}
                    services={v().info.services}
                    onSaved={saved}
                    onCancel={() => setSearch({ edit: undefined })}
                  />
                </Show>
              )}
            </Show>
            <Show
              when={v().items.length > 0}
              fallback={
                <p class="empty" role="status">
                  {t('inventory.catalogue.empty')}
                </p>
              }
            >
              <div class="table-head">
                <h2>{t('inventory.catalogue.list', { n: count(v().items.length) })}</h2>
                <ExportButtons
                  title={t('inventory.catalogue.title')}
                  before=""
                  after={calendarDate(today())}
                  table={() => spec(v().items)}
                />
              </div>
              <div class="table-wrap">
                <table class="data" data-testid="catalogue">
                  <thead>
                    <tr>
                      <th scope="col">{t('inventory.catalogue.name')}</th>
                      <th scope="col">{t('inventory.catalogue.kind')}</th>
                      <th scope="col">{t('inventory.catalogue.campaign')}</th>
                      <th scope="col">{t('inventory.catalogue.validity')}</th>
                      <th scope="col">{t('inventory.catalogue.after')}</th>
                      <th scope="col">{t('inventory.catalogue.services')}</th>
                      <th scope="col" class="num">
                        {t('inventory.catalogue.perCustomer')}
                      </th>
                      <th scope="col" class="num">
                        {t('inventory.catalogue.leadSafety')}
                      </th>
                      <th scope="col">{t('inventory.catalogue.status')}</th>
                      <Show when={v().info.canEdit}>
                        <th scope="col">
                          <span class="visually-hidden">{t('inventory.catalogue.edit')}</span>
                        </th>
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={v().items}>
                      {(i) => (
                        <tr data-item={i.id} classList={{ cleared: !i.active }}>
                          <th scope="row">
                            <div class="with-photo">
                              <ItemPhoto item={i} link />
                              <div class="named">
                                <Name text={named(i)} />
                                <span class="muted code" translate="no">
                                  {i.id}
                                </span>
                              </div>
                            </div>
                          </th>
                          <td class="wrap">
                            <Show when={i.kind === 'kit'} fallback={t('inventory.catalogue.kind.item')}>
                              {t('inventory.catalogue.kind.kit')}
                              <span class="muted parts">{parts(i)}</span>
                            </Show>
                          </td>
                          <td lang={dataLang(i.campaign ?? '')}>{i.campaign ?? '—'}</td>
                          <td class="wrap">
                            {validityText(i, calendarDate)}
                            <Show when={expired(i)}>
                              {' '}
                              <span class="badge warning">{t('inventory.catalogue.expired')}</span>
                            </Show>
                          </td>
                          <td class="wrap">{t(`inventory.catalogue.after.${i.afterCampaign}`)}</td>
                          <td class="wrap">
                            <Show when={i.serviceIds.length > 0} fallback="—">
                              <For each={i.serviceIds}>
                                {(s, k) => (
                                  <>
                                    {k() > 0 ? t('common.listSeparator') : ''}
                                    <Name text={serviceName(s)} />
                                  </>
                                )}
                              </For>
                            </Show>
                          </td>
                          <td class="num">
                            {count(i.perCustomer)}
                            {unitName(i) ? ` ${unitName(i)}` : ''}
                          </td>
                          <td class="num">
                            {t('inventory.catalogue.days', {
                              lead: decimal(i.leadTimeDays, i.leadTimeDays % 1 ? 1 : 0),
                              safety: decimal(i.safetyDays, i.safetyDays % 1 ? 1 : 0),
                            })}
                          </td>
                          <td>
                            <span class={`badge ${i.active ? 'ok' : ''}`}>
                              {t(i.active ? 'inventory.catalogue.active' : 'inventory.catalogue.inactive')}
                            </span>
                          </td>
                          <Show when={v().info.canEdit}>
                            <td>
                              <button
                                type="button"
                                class="link"
                                onClick={() => {
                                  notices.clear();
                                  setSearch({ edit: i.id });
                                  window.scrollTo({ top: 0 });
                                }}
                              >
                                {t('inventory.catalogue.edit')}
                              </button>
                            </td>
                          </Show>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
