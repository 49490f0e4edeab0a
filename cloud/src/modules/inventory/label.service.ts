/**
 * The shipment label of a transfer (label.pdf.ts): only for a shipped transfer, and only for someone with
 * inventory edit at the sending warehouse or the receiving hall — the label's token is the receipt's proof
 * of holding the parcel, so it is not for whoever may merely look at the transfer.
 */
import { localClock } from '../scheduling/forecast.service.ts';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { can, forbidden, refuse } from './inventory.common.ts';
import { inventoryRepository as repo } from './inventory.repository.ts';
import { labelFileName, type LabelInput, type LabelLang } from './label.pdf.ts';
import { getTransfer } from './transfers.service.ts';

/** Where the hall opens the receipt: the console's address, reached by scanning the label. */
export const receiveUrl = (origin: string, id: number, token: string) =>
  `${origin}/inventory/transfers/${id}/receive?t=${encodeURIComponent(token)}`;

/** "2026-11-27 14:05" in a time zone. */
function printedAt(at: Date, timeZone: string) {
  const { date, minutes } = localClock(at, timeZone);
  const hm = (n: number) => String(n).padStart(2, '0');
  return `${date} ${hm(Math.floor(minutes / 60))}:${hm(minutes % 60)}`;
}

export async function transferLabel(
  db: Db,
  user: SessionUser,
  input: { id: number; origin: string; lang: LabelLang; now?: Date },
): Promise<{ label: LabelInput; fileName: string }> {
  // Not visible to the user: not found, as the transfer itself answers.
  const t = await getTransfer(db, user, input.id);
  const [from, to, row] = [
    await repo.location(db, t.fromLocationId),
    await repo.location(db, t.toLocationId),
    await repo.transfer(db, t.id),
  ];
  if (!(await can(db, user, 'edit', from?.orgUnitId ?? null)) && !(await can(db, user, 'edit', to?.orgUnitId ?? null)))
    throw forbidden('at the warehouse or the hall');
  if (t.status !== 'shipped') throw refuse('inventory-label-not-shipped', 'id', { id: t.id }, 'CONFLICT');
  const zh = input.lang === 'zh-CN';
  const hall = to?.hallId ? await hallsRepository.hall(db, to.hallId) : null;
  return {
    fileName: labelFileName(t.id, input.lang),
    label: {
      id: t.id,
      url: receiveUrl(input.origin, t.id, row!.labelToken),
      from: zh ? t.from.nameZh : t.from.nameEn,
      to: zh ? t.to.nameZh : t.to.nameEn,
      lines: t.lines
        .filter((l) => (l.shipped ?? 0) > 0)
        .map((l) => ({ name: zh ? l.nameZh : l.nameEn, unit: zh ? l.unitZh : l.unitEn, qty: l.shipped ?? 0 })),
      printedAt: printedAt(input.now ?? new Date(), hall?.timeZone ?? 'Asia/Shanghai'),
    },
  };
}
