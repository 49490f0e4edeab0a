/**
 * A counter PIN reset: after a confirmation the cloud makes a new 6-digit PIN and answers it once; it is
 * shown here with a copy button and a warning, and gone when the dialog closes (the cloud keeps only
 * its hash; the hall's hub takes it with its next config).
 */
import { createSignal, Show } from 'solid-js';
import { api, errorMessage } from '../../api.ts';
import { t } from '../../i18n.ts';

export function PinReset(props: { employeeId: string; name: string; onDone: () => void }) {
  const [confirming, setConfirming] = createSignal(false);
  const [pin, setPin] = createSignal<string | null>(null);
  const [copied, setCopied] = createSignal(false);
  const [error, setError] = createSignal<(() => string) | null>(null);
  const reset = async () => {
    try {
      const r = await api.staff.resetPin.mutate({ employeeId: props.employeeId });
      setError(null);
      setPin(r.pin);
    } catch (err) {
      setError(() => () => errorMessage(err));
    } finally {
      setConfirming(false);
    }
  };
  const close = () => {
    setPin(null);
    setCopied(false);
    props.onDone();
  };
  const copy = async () => {
    const p = pin();
    if (!p) return;
    try {
      await navigator.clipboard.writeText(p);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <Show when={!pin() && !confirming()}>
        <button type="button" onClick={() => setConfirming(true)}>
          {t('staff.pinReset')}
        </button>
      </Show>
      <Show when={confirming()}>
        <div class="confirm" role="group" aria-label={t('staff.pinReset')}>
          <p>{t('staff.pinConfirm', { name: props.name })}</p>
          <button type="button" class="primary" onClick={() => void reset()}>
            {t('staff.pinResetNow')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('staff.cancel')}
          </button>
        </div>
      </Show>
      <Show when={error()}>
        {(say) => (
          <p role="alert" class="error">
            {say()()}
          </p>
        )}
      </Show>
      <Show when={pin()}>
        {(p) => (
          <div class="secret pin-once" role="dialog" aria-modal="false" aria-labelledby="pin-once-title">
            <p id="pin-once-title">{t('staff.pinNew', { name: props.name })}</p>
            <code translate="no" class="pin" data-pin>
              {p()}
            </code>
            <p class="warning">{t('staff.pinWarning')}</p>
            <button type="button" onClick={() => void copy()}>
              {copied() ? t('staff.copied') : t('staff.copy')}
            </button>{' '}
            <button type="button" class="primary" onClick={close}>
              {t('staff.pinDone')}
            </button>
          </div>
        )}
      </Show>
    </>
  );
}
