/**
 * A button that runs one asynchronous action: disabled with its busy label while it runs, the error in
 * words beside it when it fails (a report's "generate", a PDF download).
 */
import { createSignal, Show } from 'solid-js';
import { errorMessage } from '../api.ts';
import { saveFile } from '../export/table-file.ts';

export function ActionButton(props: {
  label: string;
  busyLabel: string;
  run: () => Promise<unknown>;
  primary?: boolean;
  /** What it does, as `data-action` (tests and styles find it by it). */
  action: string;
}) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.run();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="generate">
      <button
        type="button"
        data-action={props.action}
        class={props.primary ? 'primary' : undefined}
        disabled={busy()}
        onClick={() => void go()}
      >
        {busy() ? props.busyLabel : props.label}
      </button>
      <Show when={error()}>
        <span class="error" role="alert">
          {error()}
        </span>
      </Show>
    </span>
  );
}

/** Saves a file the server sent as base64 (a report's PDF). */
export function saveBase64(file: { base64: string; fileName: string; contentType: string }) {
  saveFile(
    Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)),
    file.fileName,
    file.contentType,
  );
}
