/**
 * A clerk's plan in 我的培训 (/me/training), phone first: what is assigned to them, the overdue first, then
 * by due date — the material's title, due when ("还剩 3 天" / "已逾期 2 天"); "我已学习" when reading is
 * enough, "去考试" (to the exam on this page) when the rule asks for one; those done collapsed, each with
 * how and when. The title opens the material in force (clerks read the library: the `library` permission).
 */
import { A } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { DoneText, dueDate, dueText, dueTone, hallToday, type MyAssignment } from './plans-text.tsx';
import './plans.css';

/** The clerk's assignments, or that the account is no clerk's (no staff record linked to it). */
async function mine() {
  try {
    return { rows: await api.training.myAssignments.query(), notStaff: false, today: hallToday() };
  } catch (err) {
    const code = err instanceof TRPCClientError ? (err.data as { detail?: { code: string } })?.detail?.code : null;
    if (code === 'training-not-staff') return { rows: [] as MyAssignment[], notStaff: true, today: hallToday() };
    throw err;
  }
}

export function MyPlans() {
  const [data, { refetch }] = createResource(mine);
  return (
    <section class="my-plans" aria-labelledby="my-plans-h" data-testid="my-plans">
      <h2 id="my-plans-h">{t('training.plan.mine.title')}</h2>
      <Loaded of={data} retry={() => void refetch()}>
        {(d) => (
          <Show when={!d().notStaff} fallback={<p class="muted">{t('error.detail.training-not-staff')}</p>}>
            <MyList rows={d().rows} today={d().today} refetch={async () => void (await refetch())} />
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function MyList(props: { rows: readonly MyAssignment[]; today: string; refetch: () => Promise<void> }) {
  const open = createMemo(() =>
    props.rows
      .filter((r) => r.status === 'open')
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn)),
  );
  const done = createMemo(() =>
    props.rows
      .filter((r) => r.status === 'done')
      .sort((a, b) => String(b.doneAt ?? '').localeCompare(String(a.doneAt ?? ''))),
  );
  const notices = createNotices();
  return (
    <Show when={props.rows.length > 0} fallback={<p class="empty">{t('training.plan.mine.empty')}</p>}>
      <Notices of={notices} />
      <Show when={open().length > 0}>
        <ul class="my-plan-list" data-testid="my-plan-open">
          <For each={open()}>
            {(x) => <OpenCard x={x} today={props.today} refetch={props.refetch} notices={notices} />}
          </For>
        </ul>
      </Show>
      <Show when={done().length > 0}>
        <details class="my-plan-done" data-testid="my-plan-done">
          <summary>{t('training.plan.mine.doneSummary', { n: count(done().length) })}</summary>
          <ul class="my-plan-list">
            <For each={done()}>
              {(x) => (
                <li class="my-plan done" data-assignment={x.id}>
                  <p class="my-plan-title" lang={dataLang(x.title)}>
                    {x.title ?? t('training.plan.courseGone')}
                  </p>
                  <DoneText how={x.doneHow} at={x.doneAt} />
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </Show>
  );
}

function OpenCard(props: {
  x: MyAssignment;
  today: string;
  refetch: () => Promise<void>;
  notices: ReturnType<typeof createNotices>;
}) {
  const x = () => props.x;
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    props.notices.clear();
    setBusy(true);
    try {
      await api.training.confirmRead.mutate({ assignmentId: x().id });
      props.notices.ok('training.plan.mine.confirmed');
      await props.refetch();
    } catch (err) {
      props.notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="my-plan" data-assignment={x().id} classList={{ overdue: x().overdue }}>
      <div class="my-plan-head">
        <span class={`badge ${dueTone(x().dueOn, props.today)}`} data-testid="due-left">
          {dueText(x().dueOn, props.today)}
        </span>
        <span class="muted" data-testid="due-on">
          {t('training.plan.dueOn', { date: dueDate(x().dueOn) })}
        </span>
      </div>
      <p class="my-plan-title">
        <span class="visually-hidden">{t('training.plan.mine.material')}</span>
        <Show when={x().title} fallback={<span>{t('training.plan.courseGone')}</span>}>
          {(title) => (
            <A href={`/training/materials/${x().openMaterialId}`} lang={dataLang(title())} data-testid="open-material">
              {title()}
            </A>
          )}
        </Show>
      </p>
      <div class="my-plan-actions">
        <Show
          when={x().examId === null}
          fallback={
            <>
              <a class="button primary" href={`#exam-${x().examId}`} data-action="go-exam">
                {t('training.plan.mine.exam')}
              </a>
              <span class="muted">{t('training.plan.mine.examNeeded')}</span>
            </>
          }
        >
          <button
            type="button"
            class="primary"
            disabled={busy()}
            data-action="confirm-read"
            onClick={() => void confirm()}
          >
            {busy() ? t('training.plan.mine.sending') : t('training.plan.mine.read')}
          </button>
        </Show>
      </div>
    </li>
  );
}
