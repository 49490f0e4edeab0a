/** What the on-site scoring files share: the hall with its config, coded refusals, an item's names. */
import type { ChecklistTemplate } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hallsRepository } from '../halls/halls.repository.ts';

export type HallDoc = {
  counters?: Array<{ id: string; name: string }>;
  services?: Array<{ id: string; name: string }>;
  staff?: Array<{ id: string; name: string }>;
};

export async function hallOrThrow(db: Db, hallId: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw new AppError('NOT_FOUND', `no hall ${hallId}`, { detail: { code: 'hall-not-found' } });
  const config = await hallsRepository.config(db, hallId);
  return { ...hall, doc: (config?.document ?? {}) as HallDoc };
}

export { refuse } from '../../errors.ts';

/** An item's names for an error's sentence (the id when the template has no such item). */
export function itemParams(template: ChecklistTemplate, itemId: string) {
  for (const s of template.sections)
    for (const i of s.items) if (i.id === itemId) return { itemZh: i.zh, itemEn: i.en };
  return { itemZh: itemId, itemEn: itemId };
}
