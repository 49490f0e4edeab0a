/**
 * A hall's planning settings as the console edits them: the stored document or the defaults derived
 * from the hall config, beside each service's measured handle time (its served tickets of the last 4
 * weeks); saving validates the whole document (a coded error naming every wrong field), writes version
 * + 1 (refusing a save based on an older version), keeps the version in the history, and audits it.
 */
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { schedulingRepository } from './scheduling.repository.ts';
import { defaultSettings, schedulingSettingsSchema, settingsFor } from './scheduling.schema.ts';
import { settingsRepository } from './settings.repository.ts';

/** A settings document is a few kB; this bounds what is parsed. */
export const MAX_SETTINGS_BYTES = 32_768;
const HISTORY_LIMIT = 50;

export async function getSettings(db: Db, hallId: string, now = new Date()) {
  const { settings, version, stored, config } = await settingsFor(db, hallId);
  const measured = await schedulingRepository.handleSeconds(db, hallId, now);
  return {
    hallId,
    hall: { name: config.hall.name, timeZone: config.hall.timeZone },
    version,
    stored,
    settings,
    defaults: defaultSettings(config),
    services: config.services.map((s) => {
      const m = measured.find((r) => r.serviceId === s.id);
      return {
        id: s.id,
        name: s.name,
        targetWaitMinutes: s.targetWaitMinutes,
        expectedServiceMinutes: s.expectedServiceMinutes,
        /** Mean seconds from call to end over the last 28 days, and how many tickets. */
        measuredHandleSeconds: m && m.n > 0 ? Math.round(Number(m.seconds)) : null,
        measuredServed: m ? Number(m.n) : 0,
      };
    }),
  };
}

function invalid(fields: string[], message: string) {
  return new AppError('BAD_REQUEST', `settings: ${message}`, {
    reason: 'invalid-input',
    fields,
    detail: { code: 'scheduling-settings-invalid', params: { fields: fields.join(', ') } },
  });
}

/** Validates and stores a new version; answers the stored settings. */
export async function putSettings(
  db: Db,
  user: SessionUser,
  q: { hallId: string; baseVersion: number; settings: unknown },
) {
  if (Buffer.byteLength(JSON.stringify(q.settings ?? null)) > MAX_SETTINGS_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `settings: at most ${MAX_SETTINGS_BYTES} bytes`, {
      fields: ['settings'],
    });
  const parsed = schedulingSettingsSchema.safeParse(q.settings);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => ['settings', ...i.path.map(String)].join('.')))];
    throw invalid(fields, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const current = await settingsFor(db, q.hallId);
  const known = new Set(current.config.services.map((s) => s.id));
  const unknown = Object.keys(parsed.data.services).filter((id) => !known.has(id));
  if (unknown.length)
    throw invalid(
      unknown.map((id) => `settings.services.${id}`),
      `unknown services ${unknown.join(', ')}`,
    );
  const document = parsed.data as unknown as Record<string, unknown>;
  const { saved: version, stored } = await settingsRepository.save(db, {
    hallId: q.hallId,
    baseVersion: q.baseVersion,
    document,
    by: user.id,
  });
  if (version === null)
    throw new AppError('CONFLICT', `settings: version ${stored} was saved meanwhile (edited from ${q.baseVersion})`, {
      reason: 'conflict',
      fields: ['baseVersion'],
    });
  await audit(db, {
    userId: user.id,
    action: 'scheduling.settings.saved',
    entity: 'scheduling-settings',
    entityId: q.hallId,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
    before: current.stored ? { version: current.version, settings: current.settings } : null,
    after: { version, settings: document },
  });
  return { version, settings: parsed.data as z.infer<typeof schedulingSettingsSchema> };
}

/** The saved versions, newest first (who saved each and when; the document of each). */
export async function settingsHistory(db: Db, hallId: string) {
  const rows = await settingsRepository.versions(db, hallId, HISTORY_LIMIT);
  const names = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.savedBy).filter((x): x is string => !!x))) {
    const u = await accessRepository.user(db, id);
    if (u) names.set(id, u.name);
  }
  return rows.map((r) => ({
    version: r.version,
    savedAt: r.savedAt.toISOString(),
    savedBy: r.savedBy ? (names.get(r.savedBy) ?? null) : null,
    settings: r.document,
  }));
}
