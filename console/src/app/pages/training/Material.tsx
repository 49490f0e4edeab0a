/**
 * 资料详情 (/training/materials/:id): one version of a material — its kind, title, summary, tags, level,
 * keeping unit and moments; a note's text with its line breaks, a PDF's download link and the beginning of
 * its text (said when cut, or when it is still being read or unreadable), an image; the versions with the
 * one shown marked; a banner when a newer version replaced it or when it is archived. Its keepers
 * (`canEdit`) make a new version (/training/new?of=<id>) and archive or restore it. An id that is no
 * material is answered as not found, as the cloud does.
 */
import { A, useParams } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { blobUrl } from '../performance/onsite/photos.ts';
import { fileSize, KindBadge, kindName, levelName, moment, Tags, type Material } from './training-text.tsx';
import './training.css';

/** Characters of a file's text the cloud sends (materials.service.ts). */
const TEXT_SHOWN = 2_000;

export default function MaterialPage() {
  const params = useParams<{ id: string }>();
  const id = () => Number(params.id);
  const [material, { refetch }] = createResource(id, async (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw notFoundError();
    return api.training.material.query({ id: n });
  });
  return (
    <section class="training material-page">
      <p class="back">
        <A href="/training">{t('training.material.back')}</A>
      </p>
      <Loaded of={material} retry={() => void refetch()} refused="training.refused" notFound="training.notFound">
        {(m) => <MaterialView m={m()} refetch={async () => void (await refetch())} />}
      </Loaded>
    </section>
  );
}

function notFoundError() {
  return TRPCClientError.from({ error: { message: 'not found', code: -32004, data: { code: 'NOT_FOUND' } } });
}

function MaterialView(props: { m: Material; refetch: () => Promise<void> }) {
  const m = () => props.m;
  const notices = createNotices();
  const [busy, setBusy] = createSignal(false);
  // What was said about one version is not said on the next one opened.
  const id = createMemo(() => m().id);
  createEffect(on(id, () => notices.clear(), { defer: true }));
  const newer = () => {
    const by = m().supersededBy;
    return by === null ? null : (m().versions.find((v) => v.id === by) ?? null);
  };
  const archive = async (archived: boolean) => {
    setBusy(true);
    notices.clear();
    try {
      await api.training.archiveMaterial.mutate({ id: m().id, archived });
      // Said once the page shows it (the banner, the button).
      await props.refetch();
      notices.ok(archived ? 'training.material.archivedOk' : 'training.material.restoredOk');
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="material" data-material={m().id} data-version={m().version}>
      <div class="page-head">
        <div class="material-head">
          <KindBadge kind={m().kind} />
          <h1 lang={dataLang(m().title)}>{m().title}</h1>
          <span class="muted version">{t('training.version', { n: count(m().version) })}</span>
        </div>
        <Show when={m().canEdit && m().supersededBy === null}>
          <div class="actions">
            <Show when={!m().archivedAt}>
              <A class="button primary" href={`/training/new?of=${m().id}`} data-action="new-version">
                {t('training.material.newVersion')}
              </A>
            </Show>
            <button
              type="button"
              disabled={busy()}
              data-action={m().archivedAt ? 'restore' : 'archive'}
              onClick={() => void archive(!m().archivedAt)}
            >
              {busy()
                ? t('training.material.working')
                : m().archivedAt
                  ? t('training.material.restore')
                  : t('training.material.archive')}
            </button>
          </div>
        </Show>
      </div>
      <Notices of={notices} />
      <Show when={newer()}>
        {(v) => (
          <p class="banner superseded" role="note" data-testid="superseded">
            {t('training.material.supersededBanner', { n: count(v().version) })}{' '}
            <A href={`/training/materials/${v().id}`}>{t('training.material.seeVersion', { n: count(v().version) })}</A>
          </p>
        )}
      </Show>
      <Show when={m().archivedAt}>
        <p class="banner archived" role="note" data-testid="archived">
          {t('training.material.archivedBanner')}
        </p>
      </Show>
      <Show when={m().summary}>
        <p class="summary" lang={dataLang(m().summary)}>
          {m().summary}
        </p>
      </Show>
      <div class="material-body">
        <div class="material-main">
          <Content m={m()} />
        </div>
        <aside class="material-side">
          <dl class="facts">
            <dt>{t('training.material.kind')}</dt>
            <dd>{kindName(m().kind)}</dd>
            <dt>{t('training.material.level')}</dt>
            <dd>{levelName(m().level)}</dd>
            <Show when={m().services.length + m().skills.length > 0}>
              <dt>{t('training.material.services')}</dt>
              <dd>
                <Show when={m().services.length > 0} fallback="—">
                  <Tags services={m().services} skills={[]} />
                </Show>
              </dd>
              <dt>{t('training.material.skills')}</dt>
              <dd>
                <Show when={m().skills.length > 0} fallback="—">
                  <Tags services={[]} skills={m().skills} />
                </Show>
              </dd>
            </Show>
            <dt>{t('training.material.keeper')}</dt>
            <dd lang={dataLang(m().orgUnitName)}>{m().orgUnitName ?? '—'}</dd>
            <dt>{t('training.material.created')}</dt>
            <dd>{moment(m().createdAt)}</dd>
            <dt>{t('training.material.updated')}</dt>
            <dd>{moment(m().updatedAt)}</dd>
          </dl>
          <Versions m={m()} />
        </aside>
      </div>
    </article>
  );
}

/** The material itself: a note's text, a PDF to download with its text's beginning, an image, a video. */
function Content(props: { m: Material }) {
  const m = () => props.m;
  const file = () => (m().fileSha ? { sha: m().fileSha as string, name: m().fileName ?? '' } : null);
  return (
    <>
      <Show when={m().kind === 'note'}>
        <h2 class="visually-hidden">{t('training.material.note')}</h2>
        <div class="note-text" lang={dataLang(m().body)} data-testid="note-text">
          {m().body}
        </div>
      </Show>
      <Show when={m().kind !== 'note' && file()}>
        {(f) => (
          <>
            <Show when={m().kind === 'image'}>
              <img
                class="material-image"
                src={blobUrl(f().sha)}
                alt={t('training.material.imageAlt', { title: m().title })}
              />
            </Show>
            <Show when={m().kind === 'video'}>
              <video class="material-video" src={blobUrl(f().sha)} controls preload="metadata" />
            </Show>
            <p class="download">
              <span class="muted">{t('training.material.file')}</span>{' '}
              <a href={blobUrl(f().sha)} download={f().name} data-testid="download">
                {t('training.material.download')}
              </a>{' '}
              <span class="file-name" lang={dataLang(f().name)}>
                {f().name}
              </span>{' '}
              <span class="muted">{fileFacts(m())}</span>
            </p>
          </>
        )}
      </Show>
      <Show when={m().kind === 'document'}>
        <FileText m={m()} />
      </Show>
    </>
  );
}

/** A file's pages (a PDF's, once read) and size: "12 页 · 1.4 MB". */
const fileFacts = (m: Material) =>
  [m.pages ? t('training.pages', { n: count(m.pages) }) : null, m.bytes ? fileSize(m.bytes) : null]
    .filter(Boolean)
    .join(' · ');

/** A PDF's text: its beginning once extracted (said when cut), or where its extraction stands. */
function FileText(props: { m: Material }) {
  const m = () => props.m;
  return (
    <section class="file-text" data-extraction={m().extraction}>
      <h2>{t('training.material.textTitle')}</h2>
      <Show when={m().extraction === 'pending'}>
        <p class="muted" role="status">
          {t('training.material.textPending')}
        </p>
      </Show>
      <Show when={m().extraction === 'failed'}>
        <p class="warning-text">{t('training.material.textFailed')}</p>
      </Show>
      <Show when={m().extraction === 'done'}>
        <Show when={m().body.trim()} fallback={<p class="muted">{t('training.material.textEmpty')}</p>}>
          <div class="note-text" lang={dataLang(m().body)} data-testid="file-text">
            {m().body}
            <Show when={m().bodyCut}>…</Show>
          </div>
          <Show when={m().bodyCut}>
            <p class="muted" data-testid="text-cut">
              {t('training.material.textCut', { n: count(TEXT_SHOWN) })}
            </p>
          </Show>
        </Show>
      </Show>
    </section>
  );
}

/** Every version, oldest first: the one shown marked, the one in force said, each a link. */
function Versions(props: { m: Material }) {
  return (
    <section class="versions">
      <h2>{t('training.material.versions')}</h2>
      <ol data-testid="versions">
        <For each={props.m.versions}>
          {(v) => (
            <li
              data-version={v.version}
              classList={{ current: v.id === props.m.id }}
              aria-current={v.id === props.m.id ? 'page' : undefined}
            >
              <Show
                when={v.id !== props.m.id}
                fallback={<strong>{t('training.version', { n: count(v.version) })}</strong>}
              >
                <A href={`/training/materials/${v.id}`}>{t('training.version', { n: count(v.version) })}</A>
              </Show>{' '}
              <span class="muted">{moment(v.createdAt)}</span>
              <Show when={v.id === props.m.id}>
                {' '}
                <span class="badge">{t('training.material.viewing')}</span>
              </Show>
              <Show when={v.supersededBy === null && !v.archivedAt}>
                {' '}
                <span class="badge ok">{t('training.material.inForce')}</span>
              </Show>
              <Show when={v.archivedAt}>
                {' '}
                <span class="badge">{t('training.archived')}</span>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}
