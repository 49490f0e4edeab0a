/**
 * The states every page has besides its content: loading, refused (no permission, said in words),
 * not found, and a failed first load with a retry. A page that already shows something keeps it when
 * a refresh fails and says so above it (resource.ts).
 */
import { A } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { Match, Show, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { errorMessage } from '../api.ts';
import { t, type ConsoleKey } from '../i18n.ts';
import { lastGood } from '../resource.ts';

export type Failure = 'refused' | 'not-found' | 'signed-out' | 'unreachable' | 'other';

/** What kind of failure an error is, as far as the user is concerned. */
export function failureOf(err: unknown): Failure {
  if (!(err instanceof TRPCClientError)) return 'unreachable';
  const data = err.data as { code?: string; reason?: string } | undefined;
  if (!data) return 'unreachable';
  if (data.code === 'FORBIDDEN' || data.reason === 'forbidden') return 'refused';
  if (data.code === 'NOT_FOUND' || data.reason === 'not-found') return 'not-found';
  if (data.code === 'UNAUTHORIZED') return 'signed-out';
  return 'other';
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** No permission: what the user cannot see, and whom to ask. */
export function Refused(props: { what?: ConsoleKey }) {
  return (
    <div class="state refused" role="alert">
      <h2>{t('state.refusedTitle')}</h2>
      <p>{t(props.what ?? 'state.refused')}</p>
      <p>
        <A href="/">{t('state.backToOverview')}</A>
      </p>
    </div>
  );
}

/** Nothing here: a mistyped address, a hall that does not exist (or no longer). */
export function NotFound(props: { what?: ConsoleKey }) {
  return (
    <div class="state not-found" role="alert">
      <h2>{t('state.notFoundTitle')}</h2>
      <p>{t(props.what ?? 'state.notFound')}</p>
      <p>
        <A href="/">{t('state.backToOverview')}</A>
      </p>
    </div>
  );
}

/** A failed load: why, and a button to try again. */
export function LoadFailed(props: { error: unknown; retry: () => void }) {
  return (
    <div class="state failed" role="alert">
      <p class="error">
        {failureOf(props.error) === 'unreachable' ? t('common.cloudUnreachable') : errorMessage(props.error)}
      </p>
      <button type="button" onClick={() => props.retry()}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** The page for an address the console does not have. */
export function NotFoundPage() {
  return (
    <section>
      <h1>{t('state.notFoundTitle')}</h1>
      <NotFound what="state.noSuchPage" />
    </section>
  );
}

/**
 * A resource's content once loaded, or the state it is in: loading, refused, not found, failed (with
 * a retry). `refused`/`notFound` say what could not be seen; a refresh that fails later keeps the
 * content and shows the error with a retry above it.
 */
export function Loaded<T>(props: {
  of: Resource<T>;
  retry: () => void;
  refused?: ConsoleKey;
  notFound?: ConsoleKey;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const current = lastGood(props.of);
  return (
    <Show
      when={current()}
      keyed={false}
      fallback={
        <Show when={props.of.error as unknown} fallback={<Loading />}>
          <Switch fallback={<LoadFailed error={props.of.error} retry={props.retry} />}>
            <Match when={failureOf(props.of.error) === 'refused'}>
              <Refused {...(props.refused ? { what: props.refused } : {})} />
            </Match>
            <Match when={failureOf(props.of.error) === 'not-found'}>
              <NotFound {...(props.notFound ? { what: props.notFound } : {})} />
            </Match>
          </Switch>
        </Show>
      }
    >
      {(value) => (
        <>
          <Show when={props.of.error as unknown}>
            <LoadFailed error={props.of.error} retry={props.retry} />
          </Show>
          {props.children(value)}
        </>
      )}
    </Show>
  );
}
