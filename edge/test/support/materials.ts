/** A hall's materials section for hub tests: two items for a service, one for any, a kit of two parts. */
export const MATERIALS = {
  items: [
    {
      id: 'SIM',
      zh: 'SIM卡套',
      en: 'SIM pack',
      unitZh: '个',
      unitEn: 'packs',
      serviceIds: ['plan'],
      perCustomer: 1,
      parts: [],
    },
    {
      id: 'FLY',
      zh: '5G宣传单',
      en: '5G flyer',
      unitZh: '张',
      unitEn: 'sheets',
      serviceIds: ['billing'],
      perCustomer: 2,
      parts: [],
    },
    {
      id: 'BAG',
      zh: '环保袋',
      en: 'Tote bag',
      unitZh: '个',
      unitEn: 'bags',
      serviceIds: [],
      perCustomer: 1,
      parts: [],
    },
    {
      id: 'KIT',
      zh: '开卡礼包',
      en: 'New-line kit',
      unitZh: '份',
      unitEn: 'kits',
      serviceIds: ['billing'],
      perCustomer: 1,
      parts: [
        { itemId: 'FLY', qty: 2 },
        { itemId: 'SIM', qty: 1 },
      ],
    },
  ],
};
