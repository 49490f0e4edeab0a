/** What other parts use of notifications: the dispatcher, configuration, the delivery log. */
export { createDispatcher, startNotificationDispatcher, DEFAULT_RETRY } from './dispatcher.ts';
export type { DispatcherOptions, NotificationDispatcher, RetryPolicy } from './dispatcher.ts';
export {
  createRule,
  deliveryLog,
  enqueueForUsers,
  listChannels,
  outboxSummary,
  recordAlarmEvents,
  reportSubscribers,
  saveChannel,
  saveProfile,
  sendTestMessage,
} from './notifications.service.ts';
export { renderAlarm } from './render.ts';
