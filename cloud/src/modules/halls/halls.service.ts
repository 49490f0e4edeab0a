/** Registering halls and their hubs. A hub's token is shown once, at creation, and stored hashed. */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
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

/** The document a hall's hub runs with: the hall itself, plus what the cloud keeps for it. */
export async function putHallConfig(db: Db, hallId: string, document: Record<string, unknown>, by: string | null) {
  const hall = await repo.hall(db, hallId);
  if (!hall) throw new AppError('NOT_FOUND', `no hall ${hallId}`);
  const doc: Record<string, unknown> = { ...document, hall: { ...(document.hall as Record<string, unknown> | undefined), id: hallId, name: hall.name, timeZone: hall.timeZone } };
  if (!Array.isArray(doc.services) || !Array.isArray(doc.counters)) throw new AppError('BAD_REQUEST', 'document: services and counters must be lists');
  return repo.putConfig(db, hallId, doc, by);
}

/** A device for a hall: its secret is returned once and kept only as a hash in the hall's config. */
export async function addDevice(db: Db, hallId: string, device: { id: string; kind: string; counterId?: string }, by: string | null) {
  const current = await repo.config(db, hallId);
  if (!current) throw new AppError('NOT_FOUND', `hall ${hallId} has no config yet`);
  const devices = (current.document.devices as Array<{ id: string }> | undefined) ?? [];
  if (devices.some((d) => d.id === device.id)) throw new AppError('CONFLICT', `device ${device.id} exists`);
  const secret = newToken();
  const entry = { id: device.id, kind: device.kind, transport: 'mqtt', secretHash: hashSecret(secret), ...(device.counterId ? { counterId: device.counterId } : {}) };
  const { version } = await repo.putConfig(db, hallId, { ...current.document, devices: [...devices, entry] }, by);
  return { deviceId: device.id, secret, version };
}

/** For a hub: its hall's config if newer than what it has. */
export async function configFor(db: Db, hallId: string, sinceVersion: number) {
  const current = await repo.config(db, hallId);
  if (!current) return { version: 0, unchanged: true as const };
  if (current.version <= sinceVersion) return { version: current.version, unchanged: true as const };
  return { version: current.version, unchanged: false as const, document: current.document };
}
