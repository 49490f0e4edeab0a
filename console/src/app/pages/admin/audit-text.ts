/**
 * An audit entry as a person reads it: the action in words, and what changed in a short sentence
 * from the entry's before/after (the record itself stays available, literally, under "show record").
 */
import { isAlarmRule } from '@hall/devices/alarm-text';
import { count, percent } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { FIELDS } from './AlertRules.tsx';
import { roleName } from './Roles.tsx';

export const AUDIT_ACTIONS = [
  'alarm.acked',
  'alert-rules.changed',
  'auth.login',
  'auth.failed',
  'auth.locked',
  'auth.password-changed',
  'auth.sso-login',
  'auth.sso-refused',
  'counter.released',
  'device.created',
  'device.removed',
  'device.secret-rotated',
  'hall.config-changed',
  'hall.registered',
  'hub.registered',
  'kpi.created',
  'kpi.updated',
  'kpi.retired',
  'kpi.restored',
  'org.unit-created',
  'role-group.saved',
  'user.administrator-created',
  'user.created',
  'user.group-granted',
  'user.role-granted',
] as const;

/** The action in words; an action this console does not know yet is named as such, not shown as a code. */
export function actionName(action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action)
    ? t(`audit.action.${action}` as ConsoleKey)
    : t('audit.action.other');
}

type Json = Record<string, unknown> | null;
const obj = (v: unknown): Json =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const kindName = (k: unknown) => (str(k) ? t(`kind.${str(k)}` as ConsoleKey) : '');

/** The alert thresholds that changed, as "label: before → after". */
function rulesChanged(before: Json, after: Json): string {
  const read = (a: Json, [k, sub]: [string, string?]) => {
    const v = a?.[k];
    return sub ? obj(v)?.[sub] : v;
  };
  const changes = FIELDS.flatMap((f) => {
    const b = read(before, f.path);
    const a = read(after, f.path);
    if (b === a || typeof a !== 'number') return [];
    const show = (x: unknown) =>
      typeof x !== 'number'
        ? '—'
        : f.path[1]?.endsWith('Share')
          ? percent(x)
          : count(x) === String(x)
            ? count(x)
            : String(x);
    return [`${t(f.label)}：${show(b)} → ${show(a)}`];
  });
  return changes.length ? changes.join(t('common.listSeparator')) : t('audit.summary.noThresholdChange');
}

/** A short sentence of what the entry changed, or '' when the action says it all. */
export function auditSummary(action: string, beforeRaw: unknown, afterRaw: unknown): string {
  const before = obj(beforeRaw);
  const after = obj(afterRaw);
  switch (action) {
    case 'alarm.acked': {
      const rule = str(after?.rule);
      return isAlarmRule(rule) ? t(`rule.${rule}` as ConsoleKey) : '';
    }
    case 'alert-rules.changed':
      return rulesChanged(before, after);
    case 'auth.failed':
    case 'auth.locked':
      return t('audit.summary.failedLogins', { n: count(Number(after?.failedLogins ?? 0)) });
    case 'device.created':
      return after?.counterId
        ? t('audit.summary.deviceAtCounter', { kind: kindName(after.kind), counter: str(after.counterId) })
        : kindName(after?.kind);
    case 'device.removed':
      return before?.counterId
        ? t('audit.summary.deviceAtCounter', { kind: kindName(before.kind), counter: str(before.counterId) })
        : kindName(before?.kind);
    case 'device.secret-rotated':
    case 'hall.config-changed':
      return after?.version !== undefined ? t('audit.summary.version', { version: str(after.version) }) : '';
    case 'user.role-granted':
      return t('audit.summary.role', { role: roleName(str(after?.role)) });
    case 'user.group-granted':
    case 'role-group.saved': {
      const roles = Array.isArray(after?.roles) ? (after.roles as unknown[]).map((r) => roleName(str(r))) : [];
      return roles.length ? t('audit.summary.roles', { roles: roles.join(t('common.listSeparator')) }) : '';
    }
    default:
      return '';
  }
}
