/** 简体中文: the default language of every page. */
export const zhCN = {
  'wall.title': '叫号屏',
  'wall.nowCalling': '请到窗口',
  'wall.noCall': '暂无叫号',
  'wall.recall': '重呼',
  'wall.services': '业务排队',
  'wall.service': '业务',
  'wall.waiting': '等候人数',
  'wall.longestWait': '最长等候',
  'wall.estimate': '预计等候',
  'wall.counters': '窗口',
  'wall.occupancy': '厅内人数',
  'wall.alarms': '告警',
  'wall.minutes': '{n} 分钟',
  'wall.announce': '请 {ticket} 号到 {counter} 办理',
  'wall.status.idle': '空闲',
  'wall.status.serving': '办理中',
  'wall.status.calling': '叫号中',
  'wall.status.paused': '暂停',
  'wall.status.closed': '未开放',
  'link.live': '实时',
  'link.connecting': '连接中…',
  'link.offline': '连接中断，正在重连…',
  'link.unauthorized': '显示令牌无效，请在地址中提供 ?token=',
  'lang.switch': 'English',
} as const;

export type MessageKey = keyof typeof zhCN;
