/**
 * The hall config's `materials` section (what a hub's counter terminal can issue while the WAN is down):
 * the active items and kits valid on the hall's today. Computed here without writing, so the halls module
 * can put it into a hall's first config (putHallConfig) and the catalogue can keep every hall's current
 * (catalogue.service.ts `writeMaterialsSections`, after a save and each night).
 */
import { toSafeText, type MaterialsSection } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { localDate } from '../adherence/adherence.time.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { inventoryRepository as repo, type ItemRow } from './inventory.repository.ts';

export type Catalogue = { items: ItemRow[]; parts: Array<{ kitId: string; itemId: string; qty: number }> };

export async function catalogue(db: Db): Promise<Catalogue> {
  const [items, parts] = await Promise.all([repo.items(db), repo.kitParts(db)]);
  return { items, parts };
}

/** The section for a hall-local date: items in id order, a kit's parts in id order (so equal is equal). */
export function sectionOn(c: Catalogue, today: string): MaterialsSection {
  const valid = c.items.filter(
    (i) => i.active && (!i.validFrom || i.validFrom <= today) && (!i.validTo || i.validTo >= today),
  );
  return {
    items: valid.slice(0, 200).map((i) => ({
      id: i.id,
      // The hub's schema refuses a few characters the console's text allows: never let one name stop
      // every hall's config.
      zh: toSafeText(i.nameZh.slice(0, 60)),
      en: toSafeText(i.nameEn.slice(0, 60)),
      unitZh: toSafeText(i.unitZh.slice(0, 8)),
      unitEn: toSafeText(i.unitEn.slice(0, 16)),
      serviceIds: i.serviceIds.slice(0, 50),
      perCustomer: i.perCustomer,
      parts: c.parts
        .filter((p) => p.kitId === i.id)
        .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
        .map(({ itemId, qty }) => ({ itemId, qty })),
    })),
  };
}

/** The `materials` section of one hall on its today (`at`: the instant, the cloud's clock by default). */
export async function materialsSection(db: Db, hallId: string, at = Date.now()): Promise<MaterialsSection> {
  const hall = await hallsRepository.hall(db, hallId);
  return sectionOn(await catalogue(db), localDate(at, hall?.timeZone ?? 'Asia/Shanghai'));
}
