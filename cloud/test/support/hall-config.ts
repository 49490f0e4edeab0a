/** A small hall config for cloud tests: two services with their targets, two counters, two clerks. */
export const TWO_SERVICES = {
  hall: { capacity: 80 },
  services: [
    { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
    { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 5 },
  ],
  counters: [
    { id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } },
    { id: 'C02', name: '2号窗口', services: { billing: 1, sim: 1 } },
  ],
  staff: [
    { id: 'E1', name: '王芳' },
    { id: 'E2', name: '李明' },
  ],
};
