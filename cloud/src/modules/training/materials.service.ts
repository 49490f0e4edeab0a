/**
 * The training library (培训资料库): materials saved, versioned, archived and searched in Chinese.
 * - Everyone with `library` view anywhere (clerks too) reads the library; a material is
 *   kept by an org unit, whose trainers (`training` edit there) change it.
 * - A file (PDF, image, video) is stored in the blob store first; the material names it by its SHA-256
 *   and takes its type from the store's row (sniffed from the bytes, never the sender's word). A PDF's
 *   text is extracted by the `training.extract` job (training.jobs.ts) and then searchable.
 * - A new version is a new row of the same series; the version it replaces is marked superseded, so
 *   searches find the version in force and its page lists the history.
 * - Search: the query cut by jieba, every word required (each also as a prefix), title hits first, then
 *   by rank; each result with its title and the part of its text around the first hit, as pieces with
 *   the hits marked (engines/search/chinese.ts).
 */
import type { Db } from '../../db/client.ts';
import { AppError, refuse } from '../../errors.ts';
import { highlight, indexWords, queryWords, tsQuery } from '../../engines/search/chinese.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, audit, type SessionUser } from '../access/access.service.ts';
import { analysisRepository } from '../analytics/analysis.repository.ts';
import { halls as hallsTable } from '../halls/halls.table.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import {
  trainingRepository as repo,
  type ListedMaterial,
  type MaterialFilter,
  type MaterialRow,
} from './training.repository.ts';
import type { MATERIAL_KINDS } from './training.table.ts';

export const EXTRACT_JOB = 'training.extract';
/** A note's text (characters). */
export const MAX_NOTE_CHARS = 100_000;

/** The file types each kind takes (as the blob store sniffed them). */
const TYPES: Record<(typeof MATERIAL_KINDS)[number], readonly string[]> = {
  document: ['application/pdf'],
  image: ['image/jpeg', 'image/png', 'image/webp'],
  video: ['video/mp4', 'video/webm'],
  note: [],
};

export interface MaterialInput {
  kind: (typeof MATERIAL_KINDS)[number];
  title: string;
  summary?: string | undefined;
  /** A note's text. */
  body?: string | undefined;
  /** A file held in the blob store: its SHA-256 and the name it had on the trainer's computer. */
  file?: { sha256: string; name: string } | undefined;
  serviceIds: string[];
  skills: string[];
  level: number;
  orgUnitId: string;
}

const forbidden = () =>
  new AppError('FORBIDDEN', 'needs library edit where the material is kept', { reason: 'forbidden' });
const notFound = () => refuse('training-material-not-found', 'id', {}, 'NOT_FOUND');

/** How long the services' names are kept per database (every search shows them; a rename shows within it). */
const NAMES_TTL_MS = 60_000;
const namesCache = new WeakMap<Db, { at: number; names: Promise<Map<string, string>> }>();

/** The halls' names of their services (business types), id → name. */
function serviceNames(db: Db): Promise<Map<string, string>> {
  const hit = namesCache.get(db);
  if (hit && Date.now() - hit.at < NAMES_TTL_MS) return hit.names;
  const names = (async () => {
    const hallIds = (await db.select({ id: hallsTable.id }).from(hallsTable)).map((h) => h.id);
    const out = new Map<string, string>();
    for (const r of await analysisRepository.names(db, hallIds, []))
      if (r.name && !out.has(r.id)) out.set(r.id, r.name);
    return out;
  })();
  namesCache.set(db, { at: Date.now(), names });
  names.catch(() => namesCache.delete(db));
  return names;
}

/** The words of a material for the index: its title; its tags (business types by name, skills); its text. */
function wordsOf(
  m: Pick<MaterialRow, 'title' | 'summary' | 'body' | 'serviceIds' | 'skills'>,
  names: Map<string, string>,
) {
  return {
    title: indexWords(m.title),
    tags: indexWords([...m.serviceIds.map((s) => names.get(s) ?? s), ...m.skills, m.summary].join(' ')),
    body: indexWords(m.body),
  };
}

/** Checks a material's fields; answers what its row holds of its file. */
async function checked(db: Db, input: MaterialInput) {
  const title = input.title.trim();
  if (!title) throw refuse('training-title-empty', 'title');
  if (!(await accessRepository.unit(db, input.orgUnitId)))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  if (input.kind === 'note') {
    const body = (input.body ?? '').trim();
    if (!body) throw refuse('training-note-empty', 'body');
    if (input.file) throw refuse('training-file-kind', 'file', { kind: input.kind });
    return { title, body, file: null };
  }
  if (!input.file) throw refuse('training-file-missing', 'file');
  const held = await repo.blob(db, input.file.sha256);
  if (!held) throw refuse('training-file-missing', 'file');
  if (!TYPES[input.kind].includes(held.contentType)) throw refuse('training-file-kind', 'file', { kind: input.kind });
  return {
    title,
    body: '',
    file: { sha: input.file.sha256, name: input.file.name.trim() || input.file.sha256.slice(0, 12), ...held },
  };
}

const rowOf = (input: MaterialInput, c: Awaited<ReturnType<typeof checked>>) => ({
  kind: input.kind,
  title: c.title,
  summary: (input.summary ?? '').trim(),
  body: c.body,
  fileSha: c.file?.sha ?? null,
  fileName: c.file?.name ?? null,
  contentType: c.file?.contentType ?? null,
  bytes: c.file?.bytes ?? null,
  pages: null,
  extraction: c.file?.contentType === 'application/pdf' ? ('pending' as const) : ('none' as const),
  serviceIds: [...new Set(input.serviceIds)],
  skills: [...new Set(input.skills.map((s) => s.trim()).filter(Boolean))],
  level: input.level,
  orgUnitId: input.orgUnitId,
});

/** A new material (version 1 of its own series). */
export async function createMaterial(db: Db, user: SessionUser, input: MaterialInput, jobs: Jobs | null) {
  if (!(await accessRepository.unit(db, input.orgUnitId)))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  if (!(await allows(db, user, 'library', 'edit', input.orgUnitId))) throw forbidden();
  const c = await checked(db, input);
  const row = rowOf(input, c);
  const names = await serviceNames(db);
  const id = await db.transaction(async (tx) => {
    const id = await repo.insert(tx, { ...row, version: 1, createdBy: user.id }, wordsOf(row, names));
    await audit(tx, {
      userId: user.id,
      action: 'training.material.create',
      entity: 'training_material',
      entityId: String(id),
      orgUnitId: input.orgUnitId,
      after: { ...row, body: row.body.slice(0, 200) },
    });
    return id;
  });
  if (row.extraction === 'pending')
    await jobs?.enqueue(EXTRACT_JOB, { materialId: id }, { uniqueKey: `${EXTRACT_JOB}:${id}` });
  return { id };
}

/**
 * A new version of a material: the same series, the next number; the version it replaces is superseded
 * (only the version in force takes a new one). Its keeper's trainers only.
 */
export async function newVersion(db: Db, user: SessionUser, of: number, input: MaterialInput, jobs: Jobs | null) {
  const before = await repo.get(db, of);
  if (!before) throw notFound();
  if (!(await allows(db, user, 'library', 'edit', before.orgUnitId))) throw forbidden();
  if (!(await allows(db, user, 'library', 'edit', input.orgUnitId))) throw forbidden();
  if (before.supersededBy !== null)
    throw refuse('training-material-superseded', 'id', { version: before.version }, 'CONFLICT');
  const c = await checked(db, input);
  const row = rowOf(input, c);
  const names = await serviceNames(db);
  const id = await db.transaction(async (tx) => {
    const id = await repo.insert(
      tx,
      { ...row, seriesId: before.seriesId, version: before.version + 1, createdBy: user.id },
      wordsOf(row, names),
    );
    await repo.update(tx, before.id, { supersededBy: id });
    await audit(tx, {
      userId: user.id,
      action: 'training.material.version',
      entity: 'training_material',
      entityId: String(id),
      orgUnitId: input.orgUnitId,
      before: { id: before.id, version: before.version, title: before.title },
      after: { ...row, body: row.body.slice(0, 200), version: before.version + 1 },
    });
    return id;
  });
  if (row.extraction === 'pending')
    await jobs?.enqueue(EXTRACT_JOB, { materialId: id }, { uniqueKey: `${EXTRACT_JOB}:${id}` });
  return { id, version: before.version + 1 };
}

/**
 * Many notes at once, unchecked by any user (a library brought in by an administrator's script, the
 * search benchmark): indexed exactly as one saved through the API. Answers their ids.
 */
export async function importNotes(
  db: Db,
  createdBy: string,
  notes: Array<Omit<MaterialInput, 'kind' | 'file'> & { body: string }>,
) {
  const names = await serviceNames(db);
  return repo.insertMany(
    db,
    notes.map((n) => {
      const row = rowOf({ ...n, kind: 'note' }, { title: n.title.trim(), body: n.body.trim(), file: null });
      return { row: { ...row, version: 1, createdBy }, words: wordsOf(row, names) };
    }),
  );
}

/** Archives (or brings back) a material: archived ones leave the search and the lists. */
export async function archiveMaterial(db: Db, user: SessionUser, id: number, archived: boolean) {
  const before = await repo.get(db, id);
  if (!before) throw notFound();
  if (!(await allows(db, user, 'library', 'edit', before.orgUnitId))) throw forbidden();
  await db.transaction(async (tx) => {
    await repo.update(tx, id, { archivedAt: archived ? new Date() : null });
    await audit(tx, {
      userId: user.id,
      action: archived ? 'training.material.archive' : 'training.material.restore',
      entity: 'training_material',
      entityId: String(id),
      orgUnitId: before.orgUnitId,
    });
  });
  return { id, archived };
}

/** Stores a file's extracted text and makes it searchable (the extraction job's last step). */
export async function storeExtractedText(db: Db, id: number, out: { text: string; pages: number } | { failed: true }) {
  const row = await repo.get(db, id);
  if (!row) return false;
  if ('failed' in out) {
    await repo.update(db, id, { extraction: 'failed' });
    return true;
  }
  const next = { ...row, body: out.text };
  await repo.update(
    db,
    id,
    { body: out.text, pages: out.pages, extraction: 'done' },
    wordsOf(next, await serviceNames(db)),
  );
  return true;
}

export interface SearchInput extends MaterialFilter {
  q?: string | undefined;
  limit: number;
  offset: number;
}

const shown = (r: ListedMaterial, names: Map<string, string>) => ({
  ...r,
  services: r.serviceIds.map((id) => ({ id, name: names.get(id) ?? id })),
});

/** The library: the newest first without a query; with one, title hits first, then by rank. */
export async function searchMaterials(db: Db, input: SearchInput) {
  const names = await serviceNames(db);
  const words = queryWords(input.q ?? '');
  const query = tsQuery(words);
  if (!query) {
    const { total, capped, rows } = await repo.list(db, input, input.limit, input.offset);
    return {
      total,
      capped,
      words: [] as string[],
      rows: rows.map((r) => ({ ...shown(r, names), titlePieces: [{ text: r.title, hit: false }], excerpt: [] })),
    };
  }
  const { total, capped, rows } = await repo.search(
    db,
    { query, titleQuery: tsQuery(words, 'A')!, words },
    input,
    input.limit,
    input.offset,
  );
  return {
    total,
    capped,
    words,
    rows: rows.map((r) => ({
      ...shown(r, names),
      titlePieces: highlight(r.title, words, 200),
      excerpt: r.excerpt ? highlight(r.excerpt, words, 160) : [],
    })),
  };
}

/** One material with its versions; a note's text whole, a file's extracted text's beginning. */
export async function getMaterial(db: Db, user: SessionUser, id: number) {
  const row = await repo.get(db, id);
  if (!row) throw notFound();
  const [names, versions, canEdit, unit] = await Promise.all([
    serviceNames(db),
    repo.series(db, row.seriesId),
    allows(db, user, 'library', 'edit', row.orgUnitId),
    accessRepository.unit(db, row.orgUnitId),
  ]);
  const { search: _search, rankSearch: _rankSearch, body, ...rest } = row;
  return {
    ...shown({ ...rest }, names),
    /** The file in the blob store (GET /blobs/<sha256>): a list leaves it out, the material's page needs it. */
    fileSha: row.fileSha,
    body: row.kind === 'note' ? body : body.slice(0, 2_000),
    bodyCut: row.kind !== 'note' && body.length > 2_000,
    orgUnitName: unit?.name ?? null,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      title: v.title,
      createdAt: v.createdAt,
      supersededBy: v.supersededBy,
      archivedAt: v.archivedAt,
    })),
    canEdit,
  };
}

/** What the library's filters offer: business types by name, the skills named on materials. */
export async function libraryInfo(db: Db) {
  const [names, skills] = await Promise.all([serviceNames(db), repo.skills(db)]);
  return {
    services: [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id)),
    skills,
  };
}
