/**
 * Codes of the cloud's `AppError.detail`: each has a sentence in both console catalogs
 * (`error.detail.<code>`). Here, with the contracts both sides share, so that the console takes the same
 * list as the cloud (console/src/app/api.test.ts checks the catalogs).
 */
export const ERROR_DETAILS = [
  'password-too-short',
  'password-contains-username',
  'password-too-simple',
  'username-taken',
  'device-exists',
  'employee-not-found',
  'employee-left',
  'staff-number-taken',
  'skill-unknown-service',
  'user-not-staff',
  'user-linked-elsewhere',
  'move-same-hall',
  'move-pending',
  'device-not-found',
  'device-has-no-secret',
  'alarm-cleared',
  'counter-not-open',
  'hall-config-invalid',
  'hall-not-found',
  'report-not-found',
  'report-future-day',
  'job-not-found',
  'job-not-retryable',
  'job-not-cancellable',
  'schedule-not-found',
  'channel-settings-invalid',
  'channel-secret-missing',
  'channel-not-found',
  'user-not-found',
  'subscription-not-visible',
  'message-not-failed',
  'message-no-address',
] as const;
