/**
 * 题库 (/training/questions), for trainers: the bank of the unit chosen (its units below included), the
 * newest first, searched by words of the stem and filtered by kind, business type and archived — all in
 * the address. Each question with its kind, stem, options with the right ones marked (or 对/错, or the
 * keywords), points, business types by name, skills and level; written and changed in a form that follows
 * the kind; archived and restored. An Excel import: the template downloaded ("下载模板"), a filled one
 * chosen ("导入"), read in the browser (question-sheet.ts, question-import.ts), sent, and the report said:
 * how many were imported and each refused row with its sheet row, column and why.
 */
import { useSearchParams } from '@solidjs/router';
import { ERROR_DETAILS } from '@hall/devices/error-details';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Inputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded, Refused } from '../../components/States.tsx';
import { saveFile } from '../../export/table-file.ts';
import { count, dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { topUnit, UnitPicker, type OrgUnit } from '../inventory/more-text.tsx';
import { QUESTION_KINDS, questionKindName, type Question, type QuestionKind } from './exams-text.tsx';
import { fieldOf, MAX_FILE_BYTES, readRows, type Refusal } from './question-import.ts';
import { questionTemplate, readSheet } from './question-sheet.ts';
import { ImportReport, type Report } from './ImportReport.tsx';
import { QuestionCard } from './QuestionCard.tsx';
import { QuestionForm } from './QuestionForm.tsx';
import { TRAINING_EDIT_ROLES, TrainingNav, type LibraryInfo } from './training-text.tsx';
import './training.css';
import './exams.css';

const PAGE = 50;
const DETAILS = new Set<string>(ERROR_DETAILS);

type Params = { q?: string; kind?: string; service?: string; archived?: string; unit?: string };
type Query = Omit<Inputs['training']['questions'], 'limit' | 'offset'>;

export default function QuestionsPage() {
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [base, { refetch }] = createResource(
    () => mayEdit() || null,
    async () => {
      const [units, info] = await Promise.all([api.org.tree.query(), api.training.libraryInfo.query()]);
      return { units, info };
    },
  );
  return (
    <section class="training questions">
      <TrainingNav mayEdit={mayEdit()} />
      <div class="page-head">
        <h1>{t('training.questions.title')}</h1>
      </div>
      <Show when={mayEdit()} fallback={<Refused what="training.questions.refused" />}>
        <Loaded of={base} retry={() => void refetch()} refused="training.questions.refused">
          {(b) => <Bank units={b().units} info={b().info} />}
        </Loaded>
      </Show>
    </section>
  );
}

function Bank(props: { units: OrgUnit[]; info: LibraryInfo }) {
  const [search, setSearch] = useSearchParams<Params>();
  const unit = () =>
    search.unit && props.units.some((u) => u.id === search.unit) ? search.unit : (topUnit(props.units) ?? '');
  const query = (): Query => ({
    ...(unit() ? { orgUnitId: unit() } : {}),
    ...(search.q?.trim() ? { text: search.q.trim().slice(0, 100) } : {}),
    ...(search.kind && (QUESTION_KINDS as readonly string[]).includes(search.kind)
      ? { kind: search.kind as QuestionKind }
      : {}),
    ...(search.service && props.info.services.some((s) => s.id === search.service)
      ? { serviceId: search.service }
      : {}),
    ...(search.archived === '1' ? { archived: true } : {}),
  });
  const [extra, setExtra] = createSignal<Question[]>([]);
  const [found, { refetch }] = createResource(query, async (q) => {
    const first = await api.training.questions.query({ ...q, limit: PAGE, offset: 0 });
    setExtra([]);
    return first;
  });
  const rows = () => [...(found()?.rows ?? []), ...extra()];
  const [moreBusy, setMoreBusy] = createSignal(false);
  const [editing, setEditing] = createSignal<Question | 'new' | null>(null);
  const [importing, setImporting] = createSignal<'reading' | 'sending' | null>(null);
  const [report, setReport] = createSignal<Report | null>(null);
  const [busyId, setBusyId] = createSignal<number | null>(null);
  const notices = createNotices();
  const serviceName = (id: string) => props.info.services.find((s) => s.id === id)?.name ?? id;

  const more = async () => {
    setMoreBusy(true);
    try {
      const next = await api.training.questions.query({ ...query(), limit: PAGE, offset: rows().length });
      setExtra((x) => [...x, ...next.rows]);
    } catch (err) {
      notices.fail(err);
    } finally {
      setMoreBusy(false);
    }
  };
  const edit = (q: Question | 'new') => {
    notices.clear();
    setEditing(q);
    // Once drawn: the form is above the list, maybe out of sight.
    setTimeout(() => document.querySelector('[data-testid="question-form"]')?.scrollIntoView({ block: 'start' }), 0);
  };
  const saved = () => {
    notices.ok(editing() === 'new' ? 'training.questions.created' : 'training.questions.saved');
    setEditing(null);
    void refetch();
  };
  const archive = async (q: Question, archived: boolean) => {
    notices.clear();
    setBusyId(q.id);
    try {
      await api.training.archiveQuestion.mutate({ id: q.id, archived });
      notices.ok(archived ? 'training.questions.archivedOk' : 'training.questions.restoredOk');
      void refetch();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusyId(null);
    }
  };
  const template = async () => {
    notices.clear();
    try {
      const data = await questionTemplate(props.info.services);
      saveFile(
        data,
        `${t('training.questions.template.file')}.xlsx`,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    } catch (err) {
      notices.fail(err);
    }
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    notices.clear();
    setReport(null);
    if (!/\.xlsx$/i.test(file.name)) return notices.failWith('training.questions.import.notXlsx');
    if (file.size > MAX_FILE_BYTES)
      return notices.failWith('training.questions.import.tooLarge', { mb: count(MAX_FILE_BYTES / 1024 / 1024) });
    setImporting('reading');
    try {
      let rows;
      try {
        rows = await readSheet(await file.arrayBuffer());
      } catch {
        return notices.failWith('training.questions.import.unreadable');
      }
      const read = readRows(rows, { services: props.info.services });
      if (!read.ok) return notices.failWith(read.reason, read.params);
      let imported = 0;
      let refused: Refusal[] = [];
      if (read.questions.length > 0) {
        setImporting('sending');
        const res = await api.training.importQuestions.mutate({
          orgUnitId: unit(),
          rows: read.questions.map((q) => q.question),
        });
        imported = res.imported;
        // The cloud numbers the rows it was sent from 1; the sheet's numbers are what the trainer sees.
        refused = res.refused.map((r) => ({
          row: read.questions[r.row - 1]?.row ?? 0,
          field: fieldOf(r.field),
          reason: (DETAILS.has(r.code) ? `error.detail.${r.code}` : 'error.invalid') as ConsoleKey,
        }));
      }
      setReport({ file: file.name, imported, refused: [...read.refused, ...refused].sort((a, b) => a.row - b.row) });
      if (imported > 0) void refetch();
    } catch (err) {
      notices.fail(err);
    } finally {
      setImporting(null);
    }
  };
  const submit = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const value = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    setSearch({
      q: value('q'),
      kind: value('kind'),
      service: value('service'),
      archived: f.get('archived') ? '1' : undefined,
    });
  };
  const filtered = () => Boolean(search.q || search.kind || search.service || search.archived);

  return (
    <>
      <div class="bank-bar">
        <UnitPicker
          units={props.units}
          value={unit()}
          onChange={(id) => setSearch({ unit: id })}
          label="training.questions.unit"
        />
        <div class="bank-actions">
          <button type="button" class="primary" onClick={() => edit('new')} data-action="new-question">
            {t('training.questions.new')}
          </button>
          <button type="button" onClick={() => void template()} data-action="template">
            {t('training.questions.import.template')}
          </button>
          <label class="button file-pick" aria-disabled={importing() !== null}>
            {importing() === 'reading'
              ? t('training.questions.import.reading')
              : importing() === 'sending'
                ? t('training.questions.import.sending')
                : t('training.questions.import.choose')}
            <input
              type="file"
              name="import"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              class="visually-hidden"
              disabled={importing() !== null}
              data-testid="import-file"
              onChange={(e) => {
                void importFile(e.currentTarget.files?.[0]);
                e.currentTarget.value = '';
              }}
            />
          </label>
        </div>
        <p class="muted help">{t('training.questions.import.help')}</p>
      </div>
      <Show when={report()}>{(r) => <ImportReport report={r()} onClose={() => setReport(null)} />}</Show>
      <Notices of={notices} />
      <Show when={editing()} keyed>
        {(q) => (
          <QuestionForm
            question={q === 'new' ? null : q}
            orgUnitId={unit()}
            info={props.info}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        )}
      </Show>
      <SearchForm info={props.info} params={search} onSubmit={submit} />
      <Loaded of={found} retry={() => void refetch()} refused="training.questions.refused">
        {(f) => (
          <div class="results" aria-busy={found.loading}>
            <p class="total" role="status" data-testid="total">
              {f().total > 0 ? t('training.questions.total', { n: count(f().total) }) : ''}
            </p>
            <Show
              when={f().total > 0}
              fallback={
                <p class="empty" role="status" data-testid="nothing">
                  {filtered() ? t('training.questions.noFiltered') : t('training.questions.empty')}
                </p>
              }
            >
              <ol class="question-list" data-testid="questions" aria-label={t('training.questions.title')}>
                <For each={rows()}>
                  {(q) => (
                    <QuestionCard
                      q={q}
                      serviceName={serviceName}
                      busy={busyId() === q.id}
                      onEdit={() => edit(q)}
                      onArchive={(a) => void archive(q, a)}
                    />
                  )}
                </For>
              </ol>
              <Show when={rows().length < f().total}>
                <p class="more">
                  <button type="button" disabled={moreBusy()} onClick={() => void more()} data-action="more">
                    {moreBusy() ? t('training.moreLoading') : t('training.more')}
                  </button>
                  <span class="muted">{t('training.questions.shown', { shown: count(rows().length) })}</span>
                </p>
              </Show>
            </Show>
          </div>
        )}
      </Loaded>
    </>
  );
}

function SearchForm(props: { info: LibraryInfo; params: Params; onSubmit: (form: HTMLFormElement) => void }) {
  let form: HTMLFormElement | undefined;
  const changed = () => form?.requestSubmit();
  return (
    <form
      class="library-search bank-search"
      role="search"
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(e.currentTarget);
      }}
    >
      <div class="search-line">
        <label class="q">
          {t('training.questions.search')}
          <input
            type="search"
            name="q"
            maxLength={100}
            value={props.params.q ?? ''}
            placeholder={t('training.questions.searchPlaceholder')}
            enterkeyhint="search"
          />
        </label>
        <button type="submit" class="primary">
          {t('training.search.submit')}
        </button>
      </div>
      <div class="filters">
        <label>
          {t('training.questions.col.kind')}
          <select name="kind" onChange={changed}>
            <option value="">{t('training.filter.any')}</option>
            <For each={QUESTION_KINDS}>
              {(k) => (
                <option value={k} selected={props.params.kind === k}>
                  {questionKindName(k)}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('training.questions.col.services')}
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
        <label class="check">
          <input type="checkbox" name="archived" value="1" checked={props.params.archived === '1'} onChange={changed} />
          {t('training.questions.archivedOnly')}
        </label>
      </div>
    </form>
  );
}
