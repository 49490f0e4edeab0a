/**
 * Checklist templates as configuration. A template lives at an org unit (the root: every hall; a region:
 * its halls; a hall: itself); a change is a new version (forms name the version they were filled in
 * with, so an old form keeps its meaning); retiring one takes it out of force. The templates in force
 * for a hall — each template's newest version, not retired, defined at the hall's unit or above — are
 * written into the hall config's `onsite` section after every change, through the halls service's
 * row-locked section write, so the hub can score with them while the WAN is down.
 */
import { checklistTemplateSchema, type ChecklistTemplate, type OnsiteSection } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { updateConfigSections } from '../halls/halls.service.ts';
import { DEFAULT_TEMPLATES } from './onsite.defaults.ts';
import { onsiteRepository as repo, type TemplateRow } from './onsite.repository.ts';

/** At most this many templates in force for a hall (the config section's limit). */
export const MAX_TEMPLATES_PER_HALL = 20;

type Unit = { id: string; parentId: string | null; hallId: string | null };

/** The unit and every unit above it. */
export function unitsUp(units: readonly Unit[], unitId: string): Set<string> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const up = new Set<string>();
  for (let u = byId.get(unitId); u && !up.has(u.id); u = u.parentId ? byId.get(u.parentId) : undefined) up.add(u.id);
  return up;
}

/** The unit and every unit below it. */
export function unitsDown(units: readonly Unit[], unitId: string): Set<string> {
  const down = new Set([unitId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units)
      if (u.parentId && down.has(u.parentId) && !down.has(u.id)) {
        down.add(u.id);
        grew = true;
      }
  }
  return down;
}

/** What is in force at a unit, from every template's newest version. */
function inForceAt(latest: readonly TemplateRow[], up: ReadonlySet<string>): TemplateRow[] {
  return latest
    .filter((t) => !t.retiredAt && up.has(t.orgUnitId))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .slice(0, MAX_TEMPLATES_PER_HALL);
}

const hallUnitOrThrow = async (db: Db, hallId: string) => {
  const unit = await accessRepository.unitOfHall(db, hallId);
  if (!unit) throw new AppError('NOT_FOUND', `no hall ${hallId}`, { detail: { code: 'hall-not-found' } });
  return unit;
};

/** The templates in force for a hall (what its managers score with, in the console and at the hub). */
export async function templatesForHall(db: Db, hallId: string): Promise<ChecklistTemplate[]> {
  const unit = await hallUnitOrThrow(db, hallId);
  const up = unitsUp(await accessRepository.units(db), unit.id);
  return inForceAt(await repo.latestTemplates(db), up).map((t) => t.document);
}

/**
 * The templates an org unit's managers look after: in force there (from above) and defined below it,
 * each with where it is defined and whether it is retired.
 */
export async function templatesOfUnit(db: Db, orgUnitId: string) {
  const units = await accessRepository.units(db);
  const up = unitsUp(units, orgUnitId);
  const down = unitsDown(units, orgUnitId);
  const names = new Map(units.map((u) => [u.id, (u as Unit & { name: string }).name]));
  return (await repo.latestTemplates(db))
    .filter((t) => up.has(t.orgUnitId) || down.has(t.orgUnitId))
    .map((t) => ({
      template: t.document,
      orgUnitId: t.orgUnitId,
      orgUnitName: names.get(t.orgUnitId) ?? t.orgUnitId,
      /** Defined above this unit: changed by the managers there. */
      inherited: !down.has(t.orgUnitId),
      retired: t.retiredAt !== null,
      createdAt: t.createdAt.getTime(),
    }));
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/**
 * Writes the `onsite` section of every hall at or below `orgUnitId` that has a config (a new config
 * version only where the templates in force changed). Answers the halls whose config changed.
 */
export async function writeOnsiteSections(db: Db, orgUnitId: string, by: string | null): Promise<string[]> {
  const units = await accessRepository.units(db);
  const latest = await repo.latestTemplates(db);
  const down = unitsDown(units, orgUnitId);
  const changed: string[] = [];
  for (const u of units) {
    if (!u.hallId || !down.has(u.id)) continue;
    if (!(await hallsRepository.config(db, u.hallId))) continue;
    const section: OnsiteSection = { templates: inForceAt(latest, unitsUp(units, u.id)).map((t) => t.document) };
    const out = await updateConfigSections(
      db,
      u.hallId,
      (document) =>
        canonical(document.onsite ?? { templates: [] }) === canonical(section) ? null : { onsite: section },
      by,
    );
    if (out.changed) changed.push(u.hallId);
  }
  return changed;
}

/** For a hall that has just got its first config: its `onsite` section. */
export async function writeOnsiteSection(db: Db, hallId: string, by: string | null) {
  const unit = await accessRepository.unitOfHall(db, hallId);
  return unit ? writeOnsiteSections(db, unit.id, by) : [];
}

const templateError = (code: 'onsite-template-not-found' | 'onsite-template-elsewhere', templateId: string) =>
  new AppError(code === 'onsite-template-not-found' ? 'NOT_FOUND' : 'CONFLICT', `${code}: ${templateId}`, {
    fields: ['templateId'],
    detail: { code, params: { template: templateId } },
  });

/** Every item id once in a template (a form's answers name items by id). */
function checkItems(t: Omit<ChecklistTemplate, 'version'>) {
  const seen = new Set<string>();
  t.sections.forEach((s, si) =>
    s.items.forEach((i, ii) => {
      if (seen.has(i.id))
        throw new AppError('BAD_REQUEST', `template.sections.${si}.items.${ii}.id: ${i.id} twice`, {
          reason: 'invalid-input',
          fields: [`template.sections.${si}.items.${ii}.id`],
          detail: { code: 'onsite-template-duplicate-item', params: { item: i.id } },
        });
      seen.add(i.id);
    }),
  );
}

/** A new version of a template at an org unit (its first, or the next of one defined there). */
export async function saveTemplate(
  db: Db,
  user: SessionUser,
  input: { orgUnitId: string; template: Omit<ChecklistTemplate, 'version'> },
) {
  checkItems(input.template);
  const latest = (await repo.latestTemplates(db)).find((t) => t.id === input.template.id);
  if (latest && latest.orgUnitId !== input.orgUnitId) throw templateError('onsite-template-elsewhere', latest.id);
  const version = (latest?.version ?? 0) + 1;
  const document = checklistTemplateSchema.parse({ ...input.template, version });
  if (
    !(await repo.insertTemplate(db, {
      id: document.id,
      version,
      orgUnitId: input.orgUnitId,
      document,
      createdBy: user.id,
    }))
  )
    throw new AppError('CONFLICT', `template ${document.id} changed meanwhile`, {
      reason: 'conflict',
      detail: { code: 'onsite-template-changed' },
    });
  await audit(db, {
    userId: user.id,
    action: 'onsite.template-saved',
    entity: 'checklist_template',
    entityId: `${document.id}@${version}`,
    orgUnitId: input.orgUnitId,
    before: latest?.document ?? null,
    after: document,
  });
  const halls = await writeOnsiteSections(db, input.orgUnitId, user.username);
  return { id: document.id, version, halls };
}

/** Takes a template out of force (its forms keep it; saving it again brings it back). */
export async function retireTemplate(db: Db, user: SessionUser, input: { orgUnitId: string; templateId: string }) {
  const latest = (await repo.latestTemplates(db)).find((t) => t.id === input.templateId);
  if (!latest) throw templateError('onsite-template-not-found', input.templateId);
  if (latest.orgUnitId !== input.orgUnitId) throw templateError('onsite-template-elsewhere', latest.id);
  const done = await repo.retireTemplate(db, latest.id, latest.version, new Date());
  if (done.length)
    await audit(db, {
      userId: user.id,
      action: 'onsite.template-retired',
      entity: 'checklist_template',
      entityId: `${latest.id}@${latest.version}`,
      orgUnitId: input.orgUnitId,
    });
  const halls = await writeOnsiteSections(db, input.orgUnitId, user.username);
  return { retired: done.length > 0, halls };
}

/**
 * The default templates at the root of the org tree, each only if no version of it exists (running it
 * again, or in two processes at once, adds nothing), then every hall's section.
 */
export async function seedDefaultTemplates(db: Db, user: SessionUser | null) {
  const root = (await accessRepository.units(db)).find((u) => u.parentId === null);
  if (!root) throw new AppError('NOT_FOUND', 'no org tree yet', { detail: { code: 'hall-not-found' } });
  const existing = new Set((await repo.latestTemplates(db)).map((t) => t.id));
  const added: string[] = [];
  for (const t of DEFAULT_TEMPLATES) {
    if (existing.has(t.id)) continue;
    const document = checklistTemplateSchema.parse({ ...t, version: 1 });
    if (
      !(await repo.insertTemplate(db, {
        id: t.id,
        version: 1,
        orgUnitId: root.id,
        document,
        createdBy: user?.id ?? null,
      }))
    )
      continue;
    added.push(t.id);
    await audit(db, {
      userId: user?.id ?? null,
      action: 'onsite.template-saved',
      entity: 'checklist_template',
      entityId: `${t.id}@1`,
      orgUnitId: root.id,
      after: document,
    });
  }
  const halls = await writeOnsiteSections(db, root.id, user?.username ?? null);
  return { added, halls };
}
