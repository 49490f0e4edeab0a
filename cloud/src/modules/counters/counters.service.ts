/**
 * Counters in the console: who is signed in where, and releasing a counter whose clerk is gone (a page
 * closed mid-call, a clerk gone home). The hub owns its counters, so a release made here is a request:
 * the hub takes it at its next poll, releases the counter as its queue policy says (the ticket in call
 * back to the queue or to no-show), and reports `counter.closed` (reason `released`), which closes the
 * session here. A request the hub has not applied within RELEASE_WINDOW_MS is no longer sent (the
 * counter may have closed without the cloud hearing of it) and shows as not applied.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { countersRepository as repo } from './counters.repository.ts';

export const RELEASE_WINDOW_MS = 10 * 60_000;

export async function listCounters(db: Db, hallId: string, now = new Date()) {
  const config = await hallsRepository.config(db, hallId);
  const doc = (config?.document ?? {}) as {
    counters?: Array<{ id: string; name: string }>;
    staff?: Array<{ id: string; name: string }>;
  };
  const counterName = new Map((doc.counters ?? []).map((c) => [c.id, c.name]));
  const staffName = new Map((doc.staff ?? []).map((s) => [s.id, s.name]));
  return (await repo.open(db, hallId)).map((s) => ({
    counterId: s.counterId,
    counterName: counterName.get(s.counterId) ?? s.counterId,
    staffId: s.staffId,
    staffName: staffName.get(s.staffId) ?? null,
    openedAt: s.openedAt.getTime(),
    releaseRequestedAt: s.releaseRequestedAt?.getTime() ?? null,
    releaseRequestedBy: s.releaseRequestedBy,
    /** Asked, but the hub has not released it within the window. */
    releaseLapsed: s.releaseRequestedAt !== null && now.getTime() - s.releaseRequestedAt.getTime() > RELEASE_WINDOW_MS,
  }));
}

export async function releaseCounter(db: Db, user: SessionUser, hallId: string, counterId: string, now = new Date()) {
  const marked = await repo.requestRelease(db, hallId, counterId, user.username, now);
  if (marked.length === 0) {
    const open = (await repo.open(db, hallId)).some((s) => s.counterId === counterId);
    if (!open)
      throw new AppError('NOT_FOUND', `counter ${counterId} of hall ${hallId} is not open`, {
        detail: { code: 'counter-not-open', params: { counter: counterId } },
      });
    return { alreadyRequested: true as const };
  }
  await audit(db, {
    userId: user.id,
    action: 'counter.released',
    entity: 'counter',
    entityId: counterId,
    orgUnitId: (await accessRepository.unitOfHall(db, hallId))?.id ?? null,
    after: { hallId, staffId: marked[0]?.staffId ?? null },
  });
  return { alreadyRequested: false as const };
}

/** For the hub's poll: counters to release, with who asked. */
export function pendingReleases(db: Db, hallId: string, now = new Date()) {
  return repo.pendingReleases(db, hallId, new Date(now.getTime() - RELEASE_WINDOW_MS));
}
