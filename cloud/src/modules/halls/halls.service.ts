/** Registering halls and their hubs. A hub's token is shown once, at creation, and stored hashed. */
import type { Db } from '../../db/client.ts';
import { hashSecret, newToken } from '../../secrets.ts';
import { hallsRepository as repo } from './halls.repository.ts';

export async function registerHall(db: Db, hall: { id: string; name: string; timeZone: string }) {
  await repo.upsertHall(db, hall);
}

export async function registerHub(db: Db, hub: { id: string; hallId: string }): Promise<{ hubId: string; token: string }> {
  const token = newToken();
  await repo.insertHub(db, { id: hub.id, hallId: hub.hallId, tokenHash: hashSecret(token) });
  return { hubId: hub.id, token };
}
