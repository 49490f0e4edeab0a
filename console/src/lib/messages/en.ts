import type { MessageKey } from './zh-CN.ts';

/** English, the second language. */
export const en: Record<MessageKey, string> = {
  'wall.title': 'Queue display',
  'wall.nowCalling': 'Please go to',
  'wall.noCall': 'No calls yet',
  'wall.recall': 'Recall',
  'wall.services': 'Queues',
  'wall.service': 'Service',
  'wall.waiting': 'Waiting',
  'wall.longestWait': 'Longest wait',
  'wall.estimate': 'Estimated wait',
  'wall.counters': 'Counters',
  'wall.occupancy': 'In the hall',
  'wall.alarms': 'Alarms',
  'wall.minutes': '{n} min',
  'wall.announce': 'Ticket {ticket}, please go to {counter}',
  'wall.status.idle': 'Free',
  'wall.status.serving': 'Serving',
  'wall.status.calling': 'Calling',
  'wall.status.paused': 'Paused',
  'wall.status.closed': 'Closed',
  'link.live': 'Live',
  'link.connecting': 'Connecting…',
  'link.offline': 'Connection lost, reconnecting…',
  'link.unauthorized': 'Display token refused; add ?token= to the address',
  'lang.switch': '中文',
};
