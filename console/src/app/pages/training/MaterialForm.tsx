/**
 * The form of a training material, new or a new version of one (prefilled from it): kind, title,
 * summary, the unit that keeps it, business types by name, skills (typed as one line, split at commas
 * and 、), level; a note's text, or a file — uploaded when chosen (a picture made smaller first) with
 * what is happening said, then named by the material when it is saved. A new version keeps the previous
 * version's file unless another is chosen. Refusals are said in words.
 */
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, type Inputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { UnitPicker, type OrgUnit } from '../inventory/more-text.tsx';
import { downscale, uploadTrainingFile, UploadError } from '../performance/onsite/photos.ts';
import {
  fileSize,
  kindName,
  LEVELS,
  levelName,
  skillsOf,
  WithData,
  type Kind,
  type LibraryInfo,
  type Material,
} from './training-text.tsx';

type Input = Inputs['training']['createMaterial'];
type HeldFile = { sha256: string; name: string; bytes: number | null };

/** A PDF up to 30 MB (the blob store's limit for training files). */
const MAX_PDF_BYTES = 30 * 1024 * 1024;
/** The kinds a trainer can make here: a video cannot be uploaded yet (the blob store takes PDFs and pictures). */
const FORM_KINDS: readonly Kind[] = ['note', 'document', 'image'];
const ACCEPT: Record<Kind, string> = {
  document: 'application/pdf,.pdf',
  image: 'image/jpeg,image/png,image/webp',
  video: 'video/mp4,video/webm',
  note: '',
};

interface Draft {
  kind: Kind;
  title: string;
  summary: string;
  body: string;
  file: HeldFile | null;
  /** Whether the file is the previous version's (said as kept, not uploaded). */
  kept: boolean;
  serviceIds: string[];
  skills: string;
  level: number;
  orgUnitId: string;
}

function draftOf(from: Material | null, orgUnitId: string): Draft {
  if (!from)
    return {
      kind: 'note',
      title: '',
      summary: '',
      body: '',
      file: null,
      kept: false,
      serviceIds: [],
      skills: '',
      level: 1,
      orgUnitId,
    };
  return {
    kind: from.kind,
    title: from.title,
    summary: from.summary,
    body: from.kind === 'note' ? from.body : '',
    file: from.fileSha ? { sha256: from.fileSha, name: from.fileName ?? '', bytes: from.bytes } : null,
    kept: Boolean(from.fileSha),
    serviceIds: from.services.map((s) => s.id),
    skills: from.skills.join(t('common.listSeparator')),
    level: from.level,
    orgUnitId: from.orgUnitId,
  };
}

export function MaterialForm(props: {
  /** The version this one replaces (null: a new material). */
  from: Material | null;
  units: readonly OrgUnit[];
  defaultUnit: string;
  info: LibraryInfo;
  onSaved: (id: number) => void;
  onCancel: () => void;
}) {
  const [d, setD] = createStore<Draft>(draftOf(props.from, props.defaultUnit));
  const [busy, setBusy] = createSignal(false);
  const [uploading, setUploading] = createSignal<{ name: string; bytes: number } | null>(null);
  const notices = createNotices();
  const kinds = () => (props.from?.kind === 'video' ? [...FORM_KINDS, 'video' as const] : FORM_KINDS);

  const setKind = (kind: Kind) => {
    // A file of another kind does not go with this one (a PDF is no picture).
    if (kind !== d.kind) setD({ kind, file: null, kept: false });
  };
  const choose = async (file: File | undefined) => {
    if (!file) return;
    notices.clear();
    if (d.kind === 'document' && file.size > MAX_PDF_BYTES) {
      notices.failWith('training.form.fileTooLarge');
      return;
    }
    setUploading({ name: file.name, bytes: file.size });
    try {
      const blob = d.kind === 'image' ? await downscale(file) : file;
      const sha256 = await uploadTrainingFile(blob);
      setD({ file: { sha256, name: file.name, bytes: blob.size }, kept: false });
    } catch (err) {
      const status = err instanceof UploadError ? err.status : 0;
      notices.failWith(
        status === 403
          ? 'error.forbidden'
          : status === 413
            ? 'training.form.fileTooLarge'
            : status === 415 || status === 422
              ? 'training.form.fileType'
              : 'training.form.uploadFailed',
      );
    } finally {
      setUploading(null);
    }
  };
  const toggleService = (id: string, on: boolean) =>
    setD('serviceIds', (ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  const save = async (e: Event) => {
    e.preventDefault();
    notices.clear();
    const skills = skillsOf(d.skills);
    if (skills.length > 20 || skills.some((s) => s.length > 30)) {
      notices.failWith('training.form.skillsInvalid');
      return;
    }
    if (d.kind !== 'note' && !d.file) {
      notices.failWith('training.form.fileNeeded');
      return;
    }
    const material: Input = {
      kind: d.kind,
      title: d.title.trim(),
      ...(d.summary.trim() ? { summary: d.summary.trim() } : {}),
      ...(d.kind === 'note' ? { body: d.body } : {}),
      ...(d.kind !== 'note' && d.file ? { file: { sha256: d.file.sha256, name: d.file.name || d.title.trim() } } : {}),
      serviceIds: d.serviceIds,
      skills,
      level: d.level,
      orgUnitId: d.orgUnitId,
    };
    setBusy(true);
    try {
      const { id } = props.from
        ? await api.training.newVersion.mutate({ of: props.from.id, material })
        : await api.training.createMaterial.mutate(material);
      props.onSaved(id);
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="grid-form material-form" data-testid="material-form" onSubmit={(e) => void save(e)}>
      <label>
        {t('training.form.kind')}
        <select name="kind" value={d.kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          <For each={kinds()}>
            {(k) => (
              <option value={k} selected={d.kind === k}>
                {kindName(k)}
              </option>
            )}
          </For>
        </select>
      </label>
      <UnitPicker
        units={props.units}
        value={d.orgUnitId}
        onChange={(id) => setD('orgUnitId', id)}
        label="training.form.unit"
      />
      <label>
        {t('training.form.level')}
        <select name="level" value={d.level} onChange={(e) => setD('level', Number(e.currentTarget.value))}>
          <For each={LEVELS}>
            {(n) => (
              <option value={n} selected={d.level === n}>
                {levelName(n)}
              </option>
            )}
          </For>
        </select>
      </label>
      <label class="full">
        {t('training.form.title')}
        <input
          name="title"
          required
          maxLength={120}
          value={d.title}
          lang={dataLang(d.title)}
          onInput={(e) => setD('title', e.currentTarget.value)}
        />
      </label>
      <label class="full">
        {t('training.form.summary')}
        <textarea
          name="summary"
          rows={2}
          maxLength={500}
          value={d.summary}
          onInput={(e) => setD('summary', e.currentTarget.value)}
        />
      </label>
      <Show when={d.kind === 'note'}>
        <label class="full">
          {t('training.form.body')}
          <textarea
            name="body"
            required
            rows={10}
            maxLength={100_000}
            value={d.body}
            onInput={(e) => setD('body', e.currentTarget.value)}
          />
        </label>
      </Show>
      <Show when={d.kind !== 'note'}>
        <fieldset class="file-field" data-testid="file-field">
          <legend>{t('training.form.file')}</legend>
          <div class="file-line">
            <label class="button file-pick">
              {d.file
                ? t('training.form.chooseOther')
                : d.kind === 'document'
                  ? t('training.form.choosePdf')
                  : t('training.form.chooseImage')}
              <input
                type="file"
                name="file"
                accept={ACCEPT[d.kind]}
                class="visually-hidden"
                disabled={uploading() !== null || busy()}
                onChange={(e) => {
                  void choose(e.currentTarget.files?.[0]);
                  e.currentTarget.value = '';
                }}
              />
            </label>
            <span class="file-state" role="status" data-testid="file-state">
              <Show
                when={uploading()}
                fallback={
                  <Show when={d.file} fallback={<span class="muted">{t('training.form.noFile')}</span>}>
                    {(f) => (
                      <>
                        {d.kept ? t('training.form.kept') : t('training.form.uploaded')}
                        <span lang={dataLang(f().name)}>{f().name}</span>
                        <Show when={f().bytes}>{(b) => <span class="muted">{` · ${fileSize(b())}`}</span>}</Show>
                      </>
                    )}
                  </Show>
                }
              >
                {(u) => (
                  <WithData
                    say={(slot) => t('training.form.uploading', { name: slot, size: fileSize(u().bytes) })}
                    data={u().name}
                  />
                )}
              </Show>
            </span>
          </div>
          <p class="muted help">{d.kind === 'document' ? t('training.form.pdfHelp') : t('training.form.imageHelp')}</p>
        </fieldset>
      </Show>
      <label class="full">
        {t('training.form.skills')}
        <input name="skills" maxLength={700} value={d.skills} onInput={(e) => setD('skills', e.currentTarget.value)} />
        <span class="muted help">{t('training.form.skillsHelp')}</span>
      </label>
      <fieldset class="services">
        <legend>{t('training.form.services')}</legend>
        <Show when={props.info.services.length > 0} fallback={<p class="muted">{t('training.form.noServices')}</p>}>
          <For each={props.info.services}>
            {(s) => (
              <label class="check">
                <input
                  type="checkbox"
                  name="service"
                  value={s.id}
                  checked={d.serviceIds.includes(s.id)}
                  onChange={(e) => toggleService(s.id, e.currentTarget.checked)}
                />
                <span lang={dataLang(s.name)}>{s.name}</span>
              </label>
            )}
          </For>
        </Show>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy() || uploading() !== null}>
          {busy() ? t('training.form.saving') : props.from ? t('training.form.saveVersion') : t('training.form.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('training.form.cancel')}
        </button>
      </div>
      <Notices of={notices} />
    </form>
  );
}
