/**
 * The scoring bands: linear (the value scoring 0 and the value scoring 100) or piecewise points, with a
 * small live chart of value → score so a manager sees what a figure will score before saving.
 */
import { For, Show } from 'solid-js';
import { t } from '../../../i18n.ts';
import { scoreAt, valueText, type Bands } from './kpi-text.ts';

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

function Chart(props: { bands: Bands; unit: string }) {
  const W = 260;
  const H = 140;
  const pad = { l: 30, r: 10, t: 10, b: 24 };
  const domain = () => {
    const b = props.bands;
    const xs = b.kind === 'linear' ? [b.zeroAt, b.fullAt] : b.points.map((p) => p.value);
    const finite = xs.filter(Number.isFinite);
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    const span = hi - lo || Math.abs(hi) || 1;
    return finite.length ? [lo - span * 0.2, hi + span * 0.2] : [0, 1];
  };
  const x = (v: number) => {
    const [lo, hi] = domain() as [number, number];
    return pad.l + ((v - lo) / (hi - lo)) * (W - pad.l - pad.r);
  };
  const y = (s: number) => pad.t + (1 - s / 100) * (H - pad.t - pad.b);
  const path = () => {
    const [lo, hi] = domain() as [number, number];
    const pts: string[] = [];
    for (let i = 0; i <= 80; i++) {
      const v = lo + ((hi - lo) * i) / 80;
      const s = scoreAt(v, props.bands);
      if (Number.isFinite(s)) pts.push(`${x(v).toFixed(1)},${y(s).toFixed(1)}`);
    }
    return pts.join(' ');
  };
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('catalogue.bands.chart')} class="bands-chart">
      <line x1={pad.l} y1={y(0)} x2={W - pad.r} y2={y(0)} stroke="#c8d0d8" />
      <line x1={pad.l} y1={y(100)} x2={W - pad.r} y2={y(100)} stroke="#e4e8ec" stroke-dasharray="3 3" />
      <text x={pad.l - 4} y={y(100) + 4} text-anchor="end" font-size="10" fill="#57606a">
        100
      </text>
      <text x={pad.l - 4} y={y(0) + 4} text-anchor="end" font-size="10" fill="#57606a">
        0
      </text>
      <text x={pad.l} y={H - 6} font-size="10" fill="#57606a">
        {valueText((domain() as [number, number])[0], props.unit)}
      </text>
      <text x={W - pad.r} y={H - 6} text-anchor="end" font-size="10" fill="#57606a">
        {valueText((domain() as [number, number])[1], props.unit)}
      </text>
      <polyline points={path()} fill="none" stroke="#0969da" stroke-width="2" />
    </svg>
  );
}

export function BandsEditor(props: {
  bands: Bands;
  unit: string;
  direction: 'higher' | 'lower';
  onChange: (b: Bands) => void;
}) {
  const setKind = (kind: 'linear' | 'piecewise') => {
    const b = props.bands;
    if (kind === b.kind) return;
    if (kind === 'piecewise' && b.kind === 'linear') {
      const lo = Math.min(b.zeroAt, b.fullAt);
      const hi = Math.max(b.zeroAt, b.fullAt);
      const up = props.direction === 'higher';
      props.onChange({
        kind: 'piecewise',
        points: [
          { value: lo, score: up ? 0 : 100 },
          { value: (lo + hi) / 2, score: 50 },
          { value: hi, score: up ? 100 : 0 },
        ],
      });
    } else if (kind === 'linear' && b.kind === 'piecewise') {
      const first = b.points[0] ?? { value: 0, score: 0 };
      const last = b.points.at(-1) ?? { value: 1, score: 100 };
      const up = props.direction === 'higher';
      props.onChange({ kind: 'linear', zeroAt: up ? first.value : last.value, fullAt: up ? last.value : first.value });
    }
  };
  const points = () => (props.bands.kind === 'piecewise' ? props.bands.points : []);
  const setPoint = (i: number, field: 'value' | 'score', v: number) =>
    props.onChange({ kind: 'piecewise', points: points().map((p, j) => (j === i ? { ...p, [field]: v } : p)) });
  return (
    <div class="panel">
      <h2>{t('catalogue.bands.title')}</h2>
      <div class="bands-editor">
        <div>
          <fieldset>
            <label>
              <input
                type="radio"
                name="bands-kind"
                checked={props.bands.kind === 'linear'}
                onChange={() => setKind('linear')}
              />
              {t('catalogue.bands.linear')}
            </label>
            <label>
              <input
                type="radio"
                name="bands-kind"
                checked={props.bands.kind === 'piecewise'}
                onChange={() => setKind('piecewise')}
              />
              {t('catalogue.bands.piecewise')}
            </label>
          </fieldset>
          <Show when={props.bands.kind === 'linear' ? props.bands : null}>
            {(b) => (
              <div class="fields">
                <label>
                  {t('catalogue.bands.zeroAt')}
                  <input
                    type="number"
                    name="zeroAt"
                    step="any"
                    value={b().zeroAt}
                    onInput={(e) => props.onChange({ ...b(), zeroAt: num(e.currentTarget.value) })}
                  />
                </label>
                <label>
                  {t('catalogue.bands.fullAt')}
                  <input
                    type="number"
                    name="fullAt"
                    step="any"
                    value={b().fullAt}
                    onInput={(e) => props.onChange({ ...b(), fullAt: num(e.currentTarget.value) })}
                  />
                </label>
              </div>
            )}
          </Show>
          <Show when={props.bands.kind === 'piecewise'}>
            <div class="points">
              <For each={points()}>
                {(p, i) => (
                  <div class="point">
                    <label>
                      {t('catalogue.bands.value')}
                      <input
                        type="number"
                        step="any"
                        value={p.value}
                        onInput={(e) => setPoint(i(), 'value', num(e.currentTarget.value))}
                      />
                    </label>
                    <label>
                      {t('catalogue.bands.score')}
                      <input
                        type="number"
                        min="0"
                        max="100"
                        step="any"
                        value={p.score}
                        onInput={(e) => setPoint(i(), 'score', num(e.currentTarget.value))}
                      />
                    </label>
                    <button
                      type="button"
                      class="link"
                      disabled={points().length <= 2}
                      aria-label={t('catalogue.bands.remove', { n: i() + 1 })}
                      onClick={() =>
                        props.onChange({ kind: 'piecewise', points: points().filter((_, j) => j !== i()) })
                      }
                    >
                      ✕
                    </button>
                  </div>
                )}
              </For>
              <button
                type="button"
                disabled={points().length >= 12}
                onClick={() => {
                  const last = points().at(-1) ?? { value: 0, score: 0 };
                  props.onChange({
                    kind: 'piecewise',
                    points: [...points(), { value: last.value + 1, score: last.score }],
                  });
                }}
              >
                {t('catalogue.bands.add')}
              </button>
            </div>
          </Show>
        </div>
        <figure>
          <Chart bands={props.bands} unit={props.unit} />
          <figcaption class="muted">{t('catalogue.bands.chart')}</figcaption>
        </figure>
      </div>
    </div>
  );
}
