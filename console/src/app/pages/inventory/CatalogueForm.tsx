/**
 * The form of one catalogue item (物料) or kit (套装): code, names and units in both languages, kind with the
 * kit's parts, campaign and validity with what happens after it, the services it is handed out with (by
 * name), how many one customer gets, lead time and safety days, active, and a photo (taken or chosen,
 * downscaled in the browser and stored as the organisation's: every hall sees it). The code and the kind are fixed
 * once saved (the ledger names items by code; a kit holds no stock of its own).
 */
import { createSignal, For, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { api, type Inputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { calendarDate, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { downscale, uploadCatalogueBlob, UploadError } from '../performance/onsite/photos.ts';
import { ItemPhoto } from './ItemPhoto.tsx';
import { named, type Item } from './more-text.tsx';

type Draft = Inputs['inventory']['saveItem'];
type Service = { id: string; name: string };

const AFTER = ['keep', 'return', 'destroy'] as const;

export function draftOf(i: Item | null): Draft {
  return i
    ? {
        id: i.id,
        nameZh: i.nameZh,
        nameEn: i.nameEn,
        unitZh: i.unitZh,
        unitEn: i.unitEn,
        kind: i.kind,
        photo: i.photo,
        campaign: i.campaign,
        validFrom: i.validFrom,
        validTo: i.validTo,
        afterCampaign: i.afterCampaign,
        serviceIds: [...i.serviceIds],
        perCustomer: i.perCustomer,
        leadTimeDays: i.leadTimeDays,
        safetyDays: i.safetyDays,
        active: i.active,
        parts: i.parts.map((p) => ({ ...p })),
      }
    : {
        id: '',
        nameZh: '',
        nameEn: '',
        unitZh: '',
        unitEn: '',
        kind: 'item',
        photo: null,
        campaign: null,
        validFrom: null,
        validTo: null,
        afterCampaign: 'keep',
        serviceIds: [],
        perCustomer: 1,
        leadTimeDays: 3,
        safetyDays: 2,
        active: true,
        parts: [],
      };
}

export function CatalogueForm(props: {
  item: Item | null;
  items: Item[];
  services: Service[];
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [d, setD] = createStore<Draft>(draftOf(props.item));
  const [busy, setBusy] = createSignal(false);
  const [photoBusy, setPhotoBusy] = createSignal(false);
  const notices = createNotices();
  /** A picture from the camera or the gallery, downscaled and stored as the organisation's. */
  const choosePhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhotoBusy(true);
    notices.clear();
    try {
      setD('photo', await uploadCatalogueBlob(await downscale(file)));
    } catch (err) {
      notices.failWith(
        err instanceof UploadError && err.status === 403 ? 'error.forbidden' : 'inventory.catalogue.photoFailed',
      );
    } finally {
      setPhotoBusy(false);
    }
  };
  const isNew = () => props.item === null;
  const partChoices = () => props.items.filter((i) => i.kind === 'item' && i.id !== d.id);
  const toggleService = (id: string, on: boolean) =>
    setD('serviceIds', (ids) => (on ? [...(ids ?? []), id] : (ids ?? []).filter((x) => x !== id)));
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    notices.clear();
    try {
      const input: Draft = {
        ...d,
        campaign: d.campaign?.trim() || null,
        validFrom: d.validFrom || null,
        validTo: d.validTo || null,
        parts: d.kind === 'kit' ? (d.parts ?? []).filter((p) => p.itemId) : [],
      };
      await api.inventory.saveItem.mutate(input);
      props.onSaved(d.id);
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const text = (key: 'nameZh' | 'nameEn' | 'unitZh' | 'unitEn', max: number, label: string) => (
    <label>
      {label}
      <input
        name={key}
        required
        maxLength={max}
        value={d[key]}
        lang={key.endsWith('Zh') ? 'zh-CN' : 'en'}
        onInput={(e) => setD(key, e.currentTarget.value)}
      />
    </label>
  );
  const num = (key: 'perCustomer' | 'leadTimeDays' | 'safetyDays', label: string, step: number, min: number) => (
    <label>
      {label}
      <input
        name={key}
        type="number"
        inputMode="decimal"
        required
        min={min}
        max={key === 'perCustomer' ? 1000 : 90}
        step={step}
        value={d[key] ?? ''}
        onInput={(e) => setD(key, e.currentTarget.valueAsNumber)}
      />
    </label>
  );
  return (
    <form class="grid-form catalogue-form" data-testid="catalogue-form" onSubmit={(e) => void save(e)}>
      <h2 class="form-title">{isNew() ? t('inventory.catalogue.new') : t('inventory.catalogue.editTitle')}</h2>
      <label>
        {t('inventory.catalogue.code')}
        <input
          name="id"
          required
          maxLength={32}
          pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*"
          title={t('inventory.catalogue.codeHelp')}
          disabled={!isNew()}
          value={d.id}
          translate="no"
          onInput={(e) => setD('id', e.currentTarget.value.trim())}
        />
      </label>
      {text('nameZh', 60, t('inventory.catalogue.nameZh'))}
      {text('nameEn', 60, t('inventory.catalogue.nameEn'))}
      {text('unitZh', 8, t('inventory.catalogue.unitZh'))}
      {text('unitEn', 16, t('inventory.catalogue.unitEn'))}
      <fieldset class="photo-field">
        <legend>{t('inventory.catalogue.photo')}</legend>
        <ItemPhoto item={{ photo: d.photo ?? null, nameZh: d.nameZh, nameEn: d.nameEn }} size="large" />
        <div class="photo-actions">
          <label class="button photo-pick">
            {photoBusy()
              ? t('inventory.catalogue.photoUploading')
              : d.photo
                ? t('inventory.catalogue.photoChange')
                : t('inventory.catalogue.photoAdd')}
            <input
              type="file"
              name="photo"
              accept="image/*"
              class="visually-hidden"
              disabled={photoBusy()}
              onChange={(e) => void choosePhoto(e.currentTarget.files?.[0])}
            />
          </label>
          <Show when={d.photo && !photoBusy()}>
            <button type="button" class="link" onClick={() => setD('photo', null)}>
              {t('inventory.catalogue.photoRemove')}
            </button>
          </Show>
          <span class="muted">{t('inventory.catalogue.photoHelp')}</span>
        </div>
      </fieldset>
      <label>
        {t('inventory.catalogue.kind')}
        <select
          name="kind"
          disabled={!isNew()}
          value={d.kind}
          onChange={(e) => setD('kind', e.currentTarget.value as Draft['kind'])}
        >
          <option value="item" selected={d.kind === 'item'}>
            {t('inventory.catalogue.kind.item')}
          </option>
          <option value="kit" selected={d.kind === 'kit'}>
            {t('inventory.catalogue.kind.kit')}
          </option>
        </select>
      </label>
      <Show when={d.kind === 'kit'}>
        <fieldset class="kit-parts">
          <legend>{t('inventory.catalogue.parts')}</legend>
          <For each={d.parts ?? []}>
            {(p, i) => (
              <div class="part-row">
                <label>
                  {t('inventory.catalogue.part')}
                  <select
                    value={p.itemId}
                    onChange={(e) => setD('parts', i(), 'itemId', e.currentTarget.value)}
                    aria-label={t('inventory.catalogue.part')}
                  >
                    <option value="">{t('inventory.more.choose')}</option>
                    <For each={partChoices()}>
                      {(x) => (
                        <option value={x.id} selected={x.id === p.itemId}>
                          {named(x)}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <label>
                  {t('inventory.catalogue.partQty')}
                  <input
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={1000}
                    required
                    value={p.qty}
                    onInput={(e) => setD('parts', i(), 'qty', e.currentTarget.valueAsNumber)}
                  />
                </label>
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    setD(
                      'parts',
                      produce((ps) => void ps?.splice(i(), 1)),
                    )
                  }
                >
                  {t('inventory.more.remove')}
                </button>
              </div>
            )}
          </For>
          <button type="button" onClick={() => setD('parts', (ps) => [...(ps ?? []), { itemId: '', qty: 1 }])}>
            {t('inventory.catalogue.addPart')}
          </button>
        </fieldset>
      </Show>
      <label>
        {t('inventory.catalogue.campaign')}
        <input
          name="campaign"
          maxLength={60}
          value={d.campaign ?? ''}
          lang={dataLang(d.campaign ?? '')}
          onInput={(e) => setD('campaign', e.currentTarget.value)}
        />
      </label>
      <DateText
        label={t('inventory.catalogue.validFrom')}
        name="validFrom"
        value={d.validFrom ?? null}
        onChange={(v) => setD('validFrom', v)}
      />
      <DateText
        label={t('inventory.catalogue.validTo')}
        name="validTo"
        value={d.validTo ?? null}
        onChange={(v) => setD('validTo', v)}
      />
      <label>
        {t('inventory.catalogue.after')}
        <select
          name="afterCampaign"
          value={d.afterCampaign}
          onChange={(e) => setD('afterCampaign', e.currentTarget.value as Draft['afterCampaign'])}
        >
          <For each={AFTER}>
            {(a) => (
              <option value={a} selected={d.afterCampaign === a}>
                {t(`inventory.catalogue.after.${a}`)}
              </option>
            )}
          </For>
        </select>
      </label>
      {num('perCustomer', t('inventory.catalogue.perCustomer'), 1, 1)}
      {num('leadTimeDays', t('inventory.catalogue.leadTime'), 0.5, 0)}
      {num('safetyDays', t('inventory.catalogue.safetyDays'), 0.5, 0)}
      <fieldset class="services">
        <legend>{t('inventory.catalogue.services')}</legend>
        <Show when={props.services.length > 0} fallback={<p class="muted">{t('inventory.catalogue.noServices')}</p>}>
          <For each={props.services}>
            {(s) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={(d.serviceIds ?? []).includes(s.id)}
                  onChange={(e) => toggleService(s.id, e.currentTarget.checked)}
                />
                <span lang={dataLang(s.name)}>{s.name}</span>
              </label>
            )}
          </For>
        </Show>
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={d.active} onChange={(e) => setD('active', e.currentTarget.checked)} />
        {t('inventory.catalogue.active')}
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy() || photoBusy()}>
          {busy() ? t('inventory.more.saving') : t('inventory.more.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('inventory.more.cancel')}
        </button>
      </div>
      <Notices of={notices} />
    </form>
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date typed as 2026-12-31 (the browser's own date input writes the browser's locale, mm/dd/yyyy in a
 * Chinese page on an English system), said back in the UI's words once it is a date.
 */
function DateText(props: { label: string; name: string; value: string | null; onChange: (v: string | null) => void }) {
  const [text, setText] = createSignal(props.value ?? '');
  const valid = () => DAY.test(text()) && !Number.isNaN(Date.parse(text()));
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        inputMode="numeric"
        maxLength={10}
        pattern="\d{4}-\d{2}-\d{2}"
        placeholder={t('inventory.catalogue.datePlaceholder')}
        title={t('inventory.catalogue.datePlaceholder')}
        value={text()}
        translate="no"
        onInput={(e) => {
          const v = e.currentTarget.value.trim();
          setText(v);
          props.onChange(v === '' ? null : v);
        }}
      />
      <span class="muted date-said">
        {text() === ''
          ? t('inventory.catalogue.noDate')
          : valid()
            ? calendarDate(text())
            : t('inventory.catalogue.dateInvalid')}
      </span>
    </label>
  );
}
