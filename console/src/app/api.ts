/**
 * The console's link to the cloud: tRPC over the session cookie (httpOnly, set at login), with the CSRF
 * token the cloud set in a readable cookie echoed on every request (the cloud checks it on mutations).
 */
import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter, CloudInputs, CloudOutputs } from '@hall/cloud';
import { ERROR_DETAILS } from '@hall/devices/error-details';
import { t, type ConsoleKey } from './i18n.ts';

export type Outputs = CloudOutputs;
export type Inputs = CloudInputs;

export function csrfToken(): string {
  const m = /(?:^|;\s*)hall_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1] as string) : '';
}

export const api: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
  // The cloud refuses batches of more than CLOUD_MAX_BATCH (16 by default) calls.
  links: [httpBatchLink({ url: '/trpc', maxItems: 8, headers: () => ({ 'x-csrf-token': csrfToken() }) })],
});

/** The cloud says the session is gone (expired, signed out elsewhere). */
export const isUnauthorized = (err: unknown) =>
  err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';

/** What the cloud says about an error besides its message (cloud/src/error-shape.ts). */
interface CodedError {
  code?: string;
  reason?: string;
  retryAfterSeconds?: number;
  correlationId?: string;
  fields?: string[];
  detail?: { code: string; params?: Record<string, string | number> };
}

/** Detail codes the cloud sends, each with a sentence in both catalogs (api.test.ts checks them). */
const DETAILS = new Set<string>(ERROR_DETAILS);

/** Input fields the console's forms send, by the label the user sees. */
const FIELD_LABELS: Record<string, ConsoleKey> = {
  username: 'admin.username',
  name: 'admin.name',
  password: 'admin.initialPassword',
  staffId: 'admin.staffId',
  deviceId: 'admin.deviceId',
  counterId: 'admin.counter',
  kind: 'admin.kind',
  id: 'admin.groupId',
  roles: 'admin.roles',
  hallId: 'admin.hall',
  orgUnitId: 'admin.unit',
  date: 'hall.date',
  role: 'staff.role',
  status: 'staff.status',
  skills: 'staff.field.skills',
  contract: 'staff.field.contract',
  availability: 'staff.field.availability',
  startDate: 'staff.startDate',
  userId: 'staff.field.userId',
  toHallId: 'staff.field.toHallId',
  effectiveDate: 'staff.effectiveDate',
  employeeId: 'staff.field.employeeId',
  'alerts.longWait.warningMinutes': 'rules.longWaitWarning',
  'alerts.longWait.criticalMinutes': 'rules.longWaitCritical',
  'alerts.queuePerCounter.threshold': 'rules.queuePerCounter',
  'alerts.occupancy.warningShare': 'rules.occupancyWarning',
  'alerts.occupancy.criticalShare': 'rules.occupancyCritical',
  'alerts.arrivalSurge.factor': 'rules.surgeFactor',
  'alerts.idleCounter.minutes': 'rules.idleMinutes',
  'alerts.deviceOffline.minutes': 'rules.deviceOfflineMinutes',
  'alerts.lowRating.streak': 'rules.lowRatingStreak',
  'alerts.raiseAfterSec': 'rules.raiseAfter',
  'alerts.clearAfterSec': 'rules.clearAfter',
  'alerts.notifyPerMinute': 'rules.notifyPerMinute',
};

/** The fields of a refused input as the user knows them (the form's labels); unknown ones as "其他". */
function fieldNames(fields: string[]): string {
  const names = fields.map((f) => {
    const key = FIELD_LABELS[f] ?? FIELD_LABELS[f.split('.')[0] ?? ''];
    return key ? t(key) : t('error.otherField');
  });
  return [...new Set(names)].join(t('common.listSeparator'));
}

/**
 * A message for the user, always in the console's words: what exactly went wrong where the cloud says
 * so with a detail code, else by the reason (with the fields of a refused input, the reference of an
 * internal error), or the network failure. The cloud's English message is never shown.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    // No answer from the cloud at all (network down, a proxy's error page): not a sentence of the cloud's.
    if (!err.data) return t('common.cloudUnreachable');
    const data = err.data as CodedError;
    if (data.detail && DETAILS.has(data.detail.code))
      return t(`error.detail.${data.detail.code}` as ConsoleKey, {
        ...data.detail.params,
        fields: fieldNames(data.fields ?? []),
      });
    if (data.reason === 'internal') return t('error.internal', { ref: data.correlationId ?? '?' });
    if (data.reason === 'body-too-large') return t('error.bodyTooLarge');
    if (data.reason === 'batch-too-large') return t('error.batchTooLarge');
    if (data.reason === 'busy') return t('error.busy');
    if (data.reason === 'too-many-attempts') return t('error.tooMany', { seconds: data.retryAfterSeconds ?? 60 });
    if (data.reason === 'forbidden') return t('error.forbidden');
    if (data.reason === 'not-found') return t('error.notFound');
    if (data.reason === 'conflict') return t('error.conflict');
    if (data.reason === 'unauthorized' || data.code === 'UNAUTHORIZED') return t('error.signedOut');
    if (data.reason === 'invalid-input' && data.fields?.length)
      return t('error.invalidFields', { fields: fieldNames(data.fields) });
    return t('error.invalid');
  }
  return t('common.cloudUnreachable');
}
