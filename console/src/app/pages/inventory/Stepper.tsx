/**
 * A quantity with − and + beside it, big enough for a thumb (the request and the receipt are used on a
 * phone): typed or stepped, kept within [min, max]. The buttons say what they change for a screen reader.
 */
import { t } from '../../i18n.ts';

export function Stepper(props: {
  /** What the number is (the item's name, "完好"): the input's label and the buttons' names. */
  label: string;
  value: number;
  min?: number;
  max?: number;
  onChange: (n: number) => void;
  /** A class for tests and styles (`good`, `damaged`). */
  name?: string;
}) {
  const min = () => props.min ?? 0;
  const max = () => props.max ?? 1_000_000;
  const set = (n: number) => props.onChange(Math.min(max(), Math.max(min(), Number.isFinite(n) ? Math.round(n) : 0)));
  return (
    <span class="stepper" data-stepper={props.name}>
      <button
        type="button"
        aria-label={t('inventory.less', { what: props.label })}
        disabled={props.value <= min()}
        onClick={() => set(props.value - 1)}
      >
        −
      </button>
      <input
        type="number"
        inputmode="numeric"
        min={min()}
        max={max()}
        aria-label={props.label}
        value={props.value}
        onChange={(e) => {
          set(Number(e.currentTarget.value));
          // Typed beyond the bounds: show what was kept.
          e.currentTarget.value = String(props.value);
        }}
      />
      <button
        type="button"
        aria-label={t('inventory.more', { what: props.label })}
        disabled={props.value >= max()}
        onClick={() => set(props.value + 1)}
      >
        +
      </button>
    </span>
  );
}
