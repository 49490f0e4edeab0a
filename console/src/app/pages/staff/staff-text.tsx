/**
 * How an employee's record reads in the console: contract summaries (全职 · 每周 32–44 小时), skills as
 * chips with their level, roles and statuses in words, availability per weekday.
 */
import { For, Show } from 'solid-js';
import { dataLang } from '../../format.ts';
import { lang } from '../../../lib/lang.ts';
import { t, type ConsoleKey } from '../../i18n.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Window = { from: string; to: string };
export type Availability = Partial<Record<Weekday, Window[] | null>>;
export interface Contract {
  kind: 'full-time' | 'part-time';
  minWeekHours: number;
  maxWeekHours: number;
  maxDaysPerWeek: number;
  minRestHours: number;
  templates?: string[] | undefined;
}

const hours = (n: number) => new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 }).format(n);

/** 全职 · 每周 32–44 小时 / Full-time · 32–44 h a week. */
export const contractSummary = (c: Contract) =>
  `${t(c.kind === 'full-time' ? 'staff.fullTime' : 'staff.partTime')} · ${t('staff.weekHours', {
    min: hours(c.minWeekHours),
    max: hours(c.maxWeekHours),
  })}`;

export const roleLabel = (role: string) =>
  t(role === 'lead' ? 'staff.role.lead' : role === 'manager' ? 'staff.role.manager' : 'staff.role.clerk');
export const statusLabel = (status: string) =>
  t(status === 'leave' ? 'staff.status.leave' : status === 'left' ? 'staff.status.left' : 'staff.status.active');
export const statusTone = (status: string) => (status === 'active' ? 'ok' : status === 'leave' ? 'warning' : 'offline');
export const levelLabel = (level: number) =>
  t((['staff.level.1', 'staff.level.2', 'staff.level.3'] as const)[Math.min(3, Math.max(1, level)) - 1] as ConsoleKey);
export const weekdayLabel = (d: Weekday) => t(`staff.day.${d}` as ConsoleKey);

/** The services an employee is skilled for, each a chip with the service's name and the level. */
export function SkillChips(props: { skills: Record<string, number>; services: Array<{ id: string; name: string }> }) {
  const entries = () =>
    Object.entries(props.skills)
      .filter(([, level]) => level >= 1)
      .map(([id, level]) => ({ id, level, name: props.services.find((s) => s.id === id)?.name ?? id }));
  return (
    <Show when={entries().length > 0} fallback={<span class="muted">{t('staff.noSkills')}</span>}>
      <ul class="chips">
        <For each={entries()}>
          {(s) => (
            <li class={`chip level-${s.level}`} title={levelLabel(s.level)}>
              <span lang={dataLang(s.name)}>{s.name}</span> <small>{levelLabel(s.level)}</small>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** One weekday's availability in words: 全天 / 不可用 / 09:00–13:00. */
export function dayAvailability(a: Availability, d: Weekday): string {
  const v = a[d];
  if (v === undefined) return t('staff.avail.all');
  if (v === null || v.length === 0) return t('staff.avail.none');
  return v.map((w) => `${w.from}–${w.to}`).join(t('common.listSeparator'));
}
