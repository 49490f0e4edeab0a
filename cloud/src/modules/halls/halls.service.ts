/** Registering halls and their hubs. A hub's token is shown once, at creation, and stored hashed. */
import { randomBytes } from 'node:crypto';
import { hallConfigSchema, timeZoneSchema } from '@hall/devices';
import { hashSecret } from '@hall/devices/secrets';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { materialsSection } from '../inventory/materials-section.ts';
import { templatesForHall } from '../performance/onsite.templates.ts';
import { importStaffOnce, staffSection, withSection } from '../staff/staff-config.ts';
import { hallsRepository as repo } from './halls.repository.ts';

/** A hub token or device secret: 192 random bits. */
const newToken = () => randomBytes(24).toString('base64url');

export async function registerHall(db: Db, hall: { id: string; name: string; timeZone: string }) {
  // The command line comes here directly; analytics computes every hall-local day with this zone.
  const zone = timeZoneSchema.safeParse(hall.timeZone);
  if (!zone.success)
    throw new AppError('BAD_REQUEST', `timeZone: ${zone.error.issues[0]?.message ?? 'invalid'}`, {
      fields: ['timeZone'],
    });
  await repo.upsertHall(db, hall);
}

export async function registerHub(
  db: Db,
  hub: { id: string; hallId: string },
): Promise<{ hubId: string; token: string }> {
  const token = newToken();
  await repo.insertHub(db, { id: hub.id, hallId: hub.hallId, tokenHash: await hashSecret(token) });
  return { hubId: hub.id, token };
}

/**
 * Checks a hall config document the way the hub will (the shared schema in @hall/devices), so a document
 * the hub would refuse is refused here, with its fields named, and never distributed.
 */
function validated(document: Record<string, unknown>): Record<string, unknown> {
  const parsed = hallConfigSchema.safeParse(document);
  if (!parsed.success)
    throw new AppError(
      'BAD_REQUEST',
      `hall config: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      {
        fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))],
        detail: { code: 'hall-config-invalid' },
      },
    );
  return document;
}

/**
 * The document a hall's hub runs with: the hall itself, plus what the cloud keeps for it. Its `staff`
 * section is always the staff module's table's: the first config a hall gets has its staff imported
 * into the table first (once per hall, staff-config.ts), and from then on a document's `staff` section
 * is replaced by the table's (a document written by hand or by an older console keeps the hall's staff
 * as they are; staff change in the staff pages).
 */
export async function putHallConfig(db: Db, hallId: string, document: Record<string, unknown>, by: string | null) {
  const hall = await repo.hall(db, hallId);
  if (!hall) throw new AppError('NOT_FOUND', `no hall ${hallId}`, { detail: { code: 'hall-not-found' } });
  const doc = validated({
    ...document,
    hall: {
      ...(document.hall as Record<string, unknown> | undefined),
      id: hallId,
      name: hall.name,
      timeZone: hall.timeZone,
    },
  });
  await importStaffOnce(db, hallId, doc);
  // The on-site checklists in force for the hall come with every config the cloud keeps (a new hall's
  // first one too), so its hub can score while the WAN is down.
  const templates = await templatesForHall(db, hallId).catch(() => []);
  const withOnsite = templates.length ? { ...doc, onsite: { templates } } : doc;
  // So are the promotional materials its counters can issue (the catalogue's, valid on the hall's today).
  const materials = await materialsSection(db, hallId);
  const { materials: _given, ...rest } = withOnsite;
  const withMaterials = materials.items.length ? { ...rest, materials } : rest;
  return repo.putConfig(db, hallId, validated(withSection(withMaterials, await staffSection(db, hallId, doc))), by);
}

/**
 * Rewrites sections of a hall's config as one new version, atomically: the row is locked while `change`
 * reads the current document, so two modules writing different sections at once (the staff module's
 * `staff`, the scheduling module's `roster`, a device added) never lose each other's change. `change`
 * answers the sections to replace (or null: nothing to write). The result is validated as the hub will.
 * Returns the new version, or the current one when nothing changed.
 */
export async function updateConfigSections(
  db: Db,
  hallId: string,
  change: (document: Record<string, unknown>) => Record<string, unknown> | null,
  by: string | null,
): Promise<{ version: number; changed: boolean }> {
  return db.transaction(async (tx) => {
    const current = await repo.configForUpdate(tx, hallId);
    if (!current)
      throw new AppError('NOT_FOUND', `hall ${hallId} has no config yet`, { detail: { code: 'hall-not-found' } });
    const sections = change(current.document);
    if (!sections) return { version: current.version, changed: false };
    const next = { ...current.document, ...sections };
    if (JSON.stringify(next) === JSON.stringify(current.document)) return { version: current.version, changed: false };
    const { version } = await repo.putConfig(tx, hallId, validated(next), by);
    return { version, changed: true };
  });
}

async function currentConfig(db: Db, hallId: string) {
  const current = await repo.config(db, hallId);
  if (!current) throw new AppError('NOT_FOUND', `hall ${hallId} has no config yet`);
  return current;
}

type DeviceEntry = {
  id: string;
  kind: string;
  transport?: string;
  counterId?: string;
  secretHash?: string;
  host?: string;
  port?: number;
};

/** A device for a hall: its secret is returned once and kept only as a hash in the hall's config. */
export async function addDevice(
  db: Db,
  hallId: string,
  device: { id: string; kind: string; counterId?: string },
  by: string | null,
) {
  const current = await currentConfig(db, hallId);
  const devices = (current.document.devices as DeviceEntry[] | undefined) ?? [];
  if (devices.some((d) => d.id === device.id))
    throw new AppError('CONFLICT', `device ${device.id} exists`, {
      fields: ['deviceId'],
      detail: { code: 'device-exists', params: { device: device.id } },
    });
  const secret = newToken();
  const entry = {
    id: device.id,
    kind: device.kind,
    transport: 'mqtt',
    secretHash: await hashSecret(secret),
    ...(device.counterId ? { counterId: device.counterId } : {}),
  };
  const { version } = await repo.putConfig(
    db,
    hallId,
    validated({ ...current.document, devices: [...devices, entry] }),
    by,
  );
  return { deviceId: device.id, secret, version };
}

/** A new secret for an MQTT device (the old one stops working when the hub takes this config). */
export async function rotateDeviceSecret(db: Db, hallId: string, deviceId: string, by: string | null) {
  const current = await currentConfig(db, hallId);
  const devices = (current.document.devices as DeviceEntry[] | undefined) ?? [];
  const device = devices.find((d) => d.id === deviceId);
  if (!device) throw deviceNotFound(hallId, deviceId);
  if ((device.transport ?? 'mqtt') !== 'mqtt')
    throw new AppError('BAD_REQUEST', `device ${deviceId}: a ${device.transport} device has no secret`, {
      detail: { code: 'device-has-no-secret', params: { device: deviceId } },
    });
  const secret = newToken();
  const secretHash = await hashSecret(secret);
  const next = devices.map((d) => (d.id === deviceId ? { ...d, secretHash } : d));
  const { version } = await repo.putConfig(db, hallId, validated({ ...current.document, devices: next }), by);
  return { deviceId, secret, version };
}

const deviceNotFound = (hallId: string, deviceId: string) =>
  new AppError('NOT_FOUND', `no device ${deviceId} in hall ${hallId}`, {
    detail: { code: 'device-not-found', params: { device: deviceId } },
  });

/**
 * Takes a device out of the hall's config. The hub takes the new version as it takes an added device
 * (at its next start), and from then on refuses the device's login: its secret hash is gone with it.
 * Returns what was removed (for the audit log, without the hash) and the new version.
 */
export async function removeDevice(db: Db, hallId: string, deviceId: string, by: string | null) {
  const current = await currentConfig(db, hallId);
  const devices = (current.document.devices as DeviceEntry[] | undefined) ?? [];
  const device = devices.find((d) => d.id === deviceId);
  if (!device) throw deviceNotFound(hallId, deviceId);
  const { version } = await repo.putConfig(
    db,
    hallId,
    validated({ ...current.document, devices: devices.filter((d) => d.id !== deviceId) }),
    by,
  );
  const { secretHash: _secretHash, ...removed } = device;
  return { deviceId, version, removed };
}

/** A hall's devices as configured, each with its latest availability report. */
export async function listDevices(db: Db, hallId: string) {
  const current = await repo.config(db, hallId);
  const devices = (current?.document.devices as DeviceEntry[] | undefined) ?? [];
  const health = new Map((await repo.deviceHealth(db, hallId)).map((h) => [h.deviceId, h]));
  return devices.map((d) => {
    const h = health.get(d.id);
    return {
      id: d.id,
      kind: d.kind,
      transport: d.transport ?? 'mqtt',
      counterId: d.counterId ?? null,
      address: d.host ? `${d.host}:${d.port ?? 502}` : null,
      online: h?.online ?? null,
      cause: h?.cause ?? null,
      since: h?.at.getTime() ?? null,
    };
  });
}

/** The hall's alert rules with every default filled in. */
export async function alertRules(db: Db, hallId: string) {
  const current = await currentConfig(db, hallId);
  const parsed = hallConfigSchema.safeParse(current.document);
  if (!parsed.success) throw new AppError('CONFLICT', `hall ${hallId}: its stored config no longer validates`);
  return {
    version: current.version,
    alerts: parsed.data.alerts,
    services: parsed.data.services.map((s) => ({ id: s.id, name: s.name })),
  };
}

/** Replaces the hall's alert rules (validated as part of the whole document); returns the new version. */
export async function putAlertRules(db: Db, hallId: string, alerts: Record<string, unknown>, by: string | null) {
  const current = await currentConfig(db, hallId);
  const { version } = await repo.putConfig(db, hallId, validated({ ...current.document, alerts }), by);
  return { version, before: current.document.alerts ?? null };
}

/** For a hub: its hall's config if newer than what it has. */
export async function configFor(db: Db, hallId: string, sinceVersion: number) {
  const current = await repo.config(db, hallId);
  if (!current) return { version: 0, unchanged: true as const };
  if (current.version <= sinceVersion) return { version: current.version, unchanged: true as const };
  return { version: current.version, unchanged: false as const, document: current.document };
}
