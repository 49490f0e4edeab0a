/**
 * 培训资料库 (/training): the library, newest first, or searched — the query and the filters (kind,
 * business type by name, skill, level, with archived and older versions) in the address, so a reload or
 * a shared link shows the same results; searched when the form is submitted (a filter submits it). Each
 * result: its kind, its title and the part of its text around the first hit with the hits marked, its
 * summary, tags, level, pages or size, and whether its text is still being extracted. "更多" adds the
 * next page. The button for a new material is for those who edit the library (trainers, administrators).
 */
import { A, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Inputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import {
  extent,
  ExtractionBadge,
  KINDS,
  KindBadge,
  LEVELS,
  kindName,
  levelName,
  Marked,
  Tags,
  TRAINING_EDIT_ROLES,
  WithData,
  type Kind,
  type LibraryInfo,
  type Result,
  TrainingNav,
} from './training-text.tsx';
import './training.css';

const PAGE = 20;
/** The cloud reads at most this far into the results (training.router.ts). */
const MAX_OFFSET = 1_000;

type Params = { q?: string; kind?: string; service?: string; skill?: string; level?: string; all?: string };
type Query = Omit<Inputs['training']['library'], 'limit' | 'offset'>;
const PARAMS = ['q', 'kind', 'service', 'skill', 'level', 'all'] as const;

/** The address's parameters read one by one (each read is tracked: a change searches again). */
const paramsOf = (p: Params): Params => Object.fromEntries(PARAMS.map((k) => [k, p[k]]));

/** The address's parameters as the cloud's input (anything unknown left out). */
function queryOf(p: Params): Query {
  const level = Number(p.level);
  return {
    ...(p.q?.trim() ? { q: p.q.trim().slice(0, 100) } : {}),
    ...(p.kind && (KINDS as readonly string[]).includes(p.kind) ? { kind: p.kind as Kind } : {}),
    ...(p.service ? { serviceId: p.service } : {}),
    ...(p.skill ? { skill: p.skill } : {}),
    ...(level === 1 || level === 2 || level === 3 ? { level } : {}),
    ...(p.all === '1' ? { all: true } : {}),
  };
}

export default function LibraryPage() {
  const [search, setSearch] = useSearchParams<Params>();
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [info, { refetch: refetchInfo }] = createResource(() => api.training.libraryInfo.query());
  const query = () => queryOf(paramsOf(search));
  const [extra, setExtra] = createSignal<Result[]>([]);
  const [found, { refetch }] = createResource(query, async (q) => {
    const first = await api.training.library.query({ ...q, limit: PAGE, offset: 0 });
    setExtra([]);
    return first;
  });
  const [moreBusy, setMoreBusy] = createSignal(false);
  const notices = createNotices();
  const rows = () => [...(found()?.rows ?? []), ...extra()];
  const more = async () => {
    setMoreBusy(true);
    notices.clear();
    try {
      const next = await api.training.library.query({ ...query(), limit: PAGE, offset: rows().length });
      setExtra((x) => [...x, ...next.rows]);
    } catch (err) {
      notices.fail(err);
    } finally {
      setMoreBusy(false);
    }
  };
  const submit = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const value = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    setSearch({
      q: value('q'),
      kind: value('kind'),
      service: value('service'),
      skill: value('skill'),
      level: value('level'),
      all: f.get('all') ? '1' : undefined,
    });
  };
  const filtered = () => Object.keys(query()).some((k) => k !== 'q');

  return (
    <section class="training library">
      <TrainingNav mayEdit={mayEdit()} />
      <div class="page-head">
        <h1>{t('training.title')}</h1>
        <Show when={mayEdit()}>
          <A class="button primary" href="/training/new" data-action="new">
            {t('training.new')}
          </A>
        </Show>
      </div>
      <Loaded of={info} retry={() => void refetchInfo()} refused="training.refused">
        {(i) => (
          <>
            <SearchForm info={i()} params={search} onSubmit={submit} onClear={() => setSearch(clearAll)} />
            <Loaded of={found} retry={() => void refetch()} refused="training.refused">
              {(f) => (
                <div class="results" aria-busy={found.loading}>
                  <p class="total" role="status" data-testid="total">
                    {found.loading
                      ? t('training.search.searching')
                      : f().total === 0
                        ? ''
                        : t(query().q ? 'training.found' : 'training.total', { n: count(f().total) })}
                  </p>
                  <Show
                    when={f().total > 0}
                    fallback={<Nothing q={query().q} filtered={filtered()} edit={mayEdit()} />}
                  >
                    <ol class="material-list" data-testid="results" aria-label={t('training.results')}>
                      <For each={rows()}>{(r) => <ResultCard r={r} />}</For>
                    </ol>
                    <Show when={rows().length < f().total && rows().length <= MAX_OFFSET}>
                      <p class="more">
                        <button type="button" disabled={moreBusy()} onClick={() => void more()} data-action="more">
                          {moreBusy() ? t('training.moreLoading') : t('training.more')}
                        </button>
                        <span class="muted">{t('training.shown', { shown: count(rows().length) })}</span>
                      </p>
                    </Show>
                    <Notices of={notices} />
                  </Show>
                </div>
              )}
            </Loaded>
          </>
        )}
      </Loaded>
    </section>
  );
}

const clearAll: Params = Object.fromEntries(PARAMS.map((k) => [k, undefined]));

/** The search box and the filters; a filter's change submits the form (the address then holds it). */
function SearchForm(props: {
  info: LibraryInfo;
  params: Params;
  onSubmit: (form: HTMLFormElement) => void;
  onClear: () => void;
}) {
  let form: HTMLFormElement | undefined;
  const changed = () => form?.requestSubmit();
  const any = () => PARAMS.some((k) => props.params[k]);
  return (
    <form
      class="library-search"
      role="search"
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(e.currentTarget);
      }}
    >
      <div class="search-line">
        <label class="q">
          {t('training.search.label')}
          <input
            type="search"
            name="q"
            maxLength={100}
            value={props.params.q ?? ''}
            placeholder={t('training.search.placeholder')}
            enterkeyhint="search"
          />
        </label>
        <button type="submit" class="primary">
          {t('training.search.submit')}
        </button>
      </div>
      <div class="filters">
        <label>
          {t('training.filter.kind')}
          <select name="kind" onChange={changed}>
            <option value="">{t('training.filter.any')}</option>
            <For each={KINDS}>
              {(k) => (
                <option value={k} selected={props.params.kind === k}>
                  {kindName(k)}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('training.filter.service')}
          <select name="service" onChange={changed}>
            <option value="">{t('training.filter.any')}</option>
            <For each={props.info.services}>
              {(s) => (
                <option value={s.id} selected={props.params.service === s.id} lang={dataLang(s.name)}>
                  {s.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('training.filter.skill')}
          <select name="skill" onChange={changed}>
            <option value="">{t('training.filter.any')}</option>
            <For each={props.info.skills}>
              {(s) => (
                <option value={s} selected={props.params.skill === s} lang={dataLang(s)}>
                  {s}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('training.filter.level')}
          <select name="level" onChange={changed}>
            <option value="">{t('training.filter.any')}</option>
            <For each={LEVELS}>
              {(n) => (
                <option value={n} selected={props.params.level === String(n)}>
                  {levelName(n)}
                </option>
              )}
            </For>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="all" value="1" checked={props.params.all === '1'} onChange={changed} />
          {t('training.filter.all')}
        </label>
        <Show when={any()}>
          <button type="button" class="link" onClick={() => props.onClear()}>
            {t('training.search.clear')}
          </button>
        </Show>
      </div>
    </form>
  );
}

/** No result: an empty library, a query that finds nothing, or filters that leave nothing. */
function Nothing(props: { q: string | undefined; filtered: boolean; edit: boolean }) {
  return (
    <div class="empty" role="status" data-testid="nothing">
      <Show
        when={props.q}
        fallback={
          <Show when={!props.filtered} fallback={<p>{t('training.noFiltered')}</p>}>
            <p data-empty="library">{t('training.emptyLibrary')}</p>
            <Show when={props.edit}>
              <p>{t('training.emptyLibraryEdit')}</p>
            </Show>
          </Show>
        }
      >
        {(q) => (
          <>
            <p data-empty="query">
              <WithData say={(slot) => t('training.noResult', { q: slot })} data={q()} />
            </p>
            <p>{t('training.noResultHint')}</p>
          </>
        )}
      </Show>
    </div>
  );
}

function ResultCard(props: { r: Result }) {
  const r = () => props.r;
  return (
    <li class="material-card" data-material={r().id} data-kind={r().kind}>
      <div class="card-head">
        <KindBadge kind={r().kind} />
        <h2 class="material-title">
          <A href={`/training/materials/${r().id}`} lang={dataLang(r().title)}>
            <Marked pieces={r().titlePieces} />
          </A>
        </h2>
      </div>
      <Show when={r().summary}>
        <p class="summary" lang={dataLang(r().summary)}>
          {r().summary}
        </p>
      </Show>
      <Show when={r().excerpt.length > 0}>
        <p
          class="excerpt"
          lang={dataLang(
            r()
              .excerpt.map((p) => p.text)
              .join(''),
          )}
        >
          <Marked pieces={r().excerpt} />
        </p>
      </Show>
      <div class="card-foot">
        <Tags services={r().services} skills={r().skills} />
        <span class="level">{levelName(r().level)}</span>
        <Show when={extent(r())}>{(e) => <span class="extent muted">{e()}</span>}</Show>
        <ExtractionBadge extraction={r().extraction} />
        <Show when={r().supersededBy !== null}>
          <span class="badge">{t('training.superseded')}</span>
        </Show>
        <Show when={r().archivedAt}>
          <span class="badge">{t('training.archived')}</span>
        </Show>
      </div>
    </li>
  );
}
