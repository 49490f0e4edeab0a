/**
 * What a page says after an action: the last error (role alert) or confirmation (role status), each in
 * the reader's current language (kept as a function, so switching language re-renders it).
 */
import { createSignal, Show } from 'solid-js';
import { errorMessage } from '../api.ts';
import { t, type ConsoleKey } from '../i18n.ts';

export type Say = (() => string) | null;

export interface NoticesState {
  say: () => Say;
  error: () => Say;
  /** A confirmation (and the last error gone). */
  ok(key: ConsoleKey, params?: Record<string, string | number>): void;
  /** An error in words (errorMessage), and the last confirmation gone. */
  fail(err: unknown): void;
  /** An error the page words itself (a failed upload), and the last confirmation gone. */
  failWith(key: ConsoleKey, params?: Record<string, string | number>): void;
  clear(): void;
}

export function createNotices(): NoticesState {
  const [say, setSay] = createSignal<Say>(null);
  const [error, setError] = createSignal<Say>(null);
  return {
    say,
    error,
    ok(key, params) {
      setError(null);
      setSay(() => () => t(key, params));
    },
    fail(err) {
      setSay(null);
      setError(() => () => errorMessage(err));
    },
    failWith(key, params) {
      setSay(null);
      setError(() => () => t(key, params));
    },
    clear() {
      setSay(null);
      setError(null);
    },
  };
}

export function Notices(props: { of: NoticesState }) {
  return (
    <>
      <Show when={props.of.error()}>
        {(m) => (
          <p role="alert" class="error">
            {m()()}
          </p>
        )}
      </Show>
      <Show when={props.of.say()}>
        {(m) => (
          <p role="status" class="ok">
            {m()()}
          </p>
        )}
      </Show>
    </>
  );
}
