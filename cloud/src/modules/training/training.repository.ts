/**
 * The training library's table: materials with their search words. The words are cut in
 * `engines/search/chinese.ts`; here they become a weighted `tsvector('simple')` (A title, B tags, D text)
 * and a search is a `to_tsquery('simple', …)` over it: every word required, each also as a prefix.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { blobs } from '../blobs/blobs.table.ts';
import { trainingMaterials as m } from './training.table.ts';

export type MaterialRow = typeof m.$inferSelect;

/** Matches counted at most (a common word matches thousands; "1,000+" says enough). */
export const COUNT_CAP = 1_000;
export type MaterialInsert = Omit<typeof m.$inferInsert, 'search' | 'id' | 'seriesId'> & { seriesId?: number };

/** The words of a material, already cut: title, tags (business types, skills), text. */
export interface MaterialWords {
  title: string;
  tags: string;
  body: string;
}

/** Words of the text that rank a material (its beginning: what it is about). */
export const RANK_WORDS = 60;

const weighted = (w: MaterialWords, body: string): SQL =>
  sql`setweight(to_tsvector('simple', ${w.title}), 'A') || setweight(to_tsvector('simple', ${w.tags}), 'B') || setweight(to_tsvector('simple', ${body}), 'D')`;
/** Both vectors of a material: every word (the match), and the ranking's few. */
const vectors = (w: MaterialWords) => ({
  search: weighted(w, w.body),
  rankSearch: weighted(w, w.body.split(' ', RANK_WORDS).join(' ')),
});

/** The columns a list or a result shows (never the text or the words: they can be large). */
const listed = {
  id: m.id,
  seriesId: m.seriesId,
  version: m.version,
  kind: m.kind,
  title: m.title,
  summary: m.summary,
  fileName: m.fileName,
  contentType: m.contentType,
  bytes: m.bytes,
  pages: m.pages,
  extraction: m.extraction,
  serviceIds: m.serviceIds,
  skills: m.skills,
  level: m.level,
  orgUnitId: m.orgUnitId,
  supersededBy: m.supersededBy,
  archivedAt: m.archivedAt,
  createdBy: m.createdBy,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
};
export type ListedMaterial = { [K in keyof typeof listed]: MaterialRow[K] };

export interface MaterialFilter {
  kind?: MaterialRow['kind'] | undefined;
  serviceId?: string | undefined;
  skill?: string | undefined;
  level?: number | undefined;
  /** Also versions replaced by a newer one, and archived materials. */
  all?: boolean | undefined;
}

const filters = (f: MaterialFilter): SQL[] => [
  ...(f.kind ? [eq(m.kind, f.kind)] : []),
  ...(f.serviceId ? [sql`${f.serviceId} = ANY(${m.serviceIds})`] : []),
  ...(f.skill ? [sql`${f.skill} = ANY(${m.skills})`] : []),
  ...(f.level ? [eq(m.level, f.level)] : []),
  ...(f.all ? [] : [isNull(m.supersededBy), isNull(m.archivedAt)]),
];

export const trainingRepository = {
  /** A new material (a first version: its own series unless `seriesId` is given); answers its id. */
  insert: async (db: Db, row: MaterialInsert, words: MaterialWords): Promise<number> => {
    const [r] = await db
      .insert(m)
      .values({ ...row, seriesId: row.seriesId ?? 0, ...vectors(words) })
      .returning({ id: m.id });
    const id = r!.id;
    if (!row.seriesId) await db.update(m).set({ seriesId: id }).where(eq(m.id, id));
    return id;
  },

  /** Many first versions at once (a library brought in, a benchmark): 500 rows a statement; answers their ids. */
  insertMany: async (db: Db, rows: Array<{ row: MaterialInsert; words: MaterialWords }>): Promise<number[]> => {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const got = await db
        .insert(m)
        .values(rows.slice(i, i + 500).map((r) => ({ ...r.row, seriesId: 0, ...vectors(r.words) })))
        .returning({ id: m.id });
      ids.push(...got.map((g) => g.id));
    }
    await db
      .update(m)
      .set({ seriesId: sql`${m.id}` })
      .where(eq(m.seriesId, 0));
    return ids;
  },

  update: async (db: Db, id: number, patch: Partial<MaterialInsert>, words?: MaterialWords) => {
    await db
      .update(m)
      .set({ ...patch, updatedAt: new Date(), ...(words ? { ...vectors(words) } : {}) })
      .where(eq(m.id, id));
  },

  get: async (db: Db, id: number): Promise<MaterialRow | null> =>
    (await db.select().from(m).where(eq(m.id, id)))[0] ?? null,

  /** Every version of a series, oldest first. */
  series: async (db: Db, seriesId: number): Promise<ListedMaterial[]> =>
    db.select(listed).from(m).where(eq(m.seriesId, seriesId)).orderBy(asc(m.version)),

  /** The newest first, without a query. */
  list: async (db: Db, f: MaterialFilter, limit: number, offset: number) => {
    const where = and(...filters(f));
    const [rows, [n]] = await Promise.all([
      db.select(listed).from(m).where(where).orderBy(desc(m.updatedAt), desc(m.id)).limit(limit).offset(offset),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(m)
        .where(where),
    ]);
    return { total: n?.n ?? 0, capped: false, rows: rows.map((r) => ({ ...r, titleHit: false, excerpt: '' })) };
  },

  /**
   * Materials matching `query` (a tsquery text) — title hits first (`titleQuery`: the same words in
   * weight A), then by rank — each with the part of its text around the first of `words` it holds.
   */
  search: async (
    db: Db,
    q: { query: string; titleQuery: string; words: string[] },
    f: MaterialFilter,
    limit: number,
    offset: number,
  ) => {
    const match = sql`${m.search} @@ to_tsquery('simple', ${q.query})`;
    const where = and(match, ...filters(f));
    const titleHit = sql<boolean>`${m.rankSearch} @@ to_tsquery('simple', ${q.titleQuery})`;
    const rank = sql<number>`ts_rank(${m.rankSearch}, to_tsquery('simple', ${q.query}))`;
    // The page first, from the index and the words alone (a common word matches thousands: nothing else
    // of theirs is read), then the page's rows with the part of their text around the first hit.
    const capped = db
      .select({ one: sql`1` })
      .from(m)
      .where(where)
      .limit(COUNT_CAP + 1)
      .as('capped');
    const [page, [n]] = await Promise.all([
      db
        .select({ id: m.id, titleHit })
        .from(m)
        .where(where)
        .orderBy(desc(titleHit), desc(rank), desc(m.id))
        .limit(limit)
        .offset(offset),
      db.select({ n: sql<number>`count(*)::int` }).from(capped),
    ]);
    if (page.length === 0) return { total: n?.n ?? 0, capped: (n?.n ?? 0) > COUNT_CAP, rows: [] };
    const words = sql`${`{${q.words.map((w) => `"${w.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;
    // Where the text first holds a word (lower-cased: Latin words are indexed lower-case).
    const first = sql`(SELECT min(strpos(lower(${m.body}), w)) FILTER (WHERE strpos(lower(${m.body}), w) > 0) FROM unnest(${words}) w)`;
    const rows = await db
      .select({
        ...listed,
        excerpt: sql<string>`substring(${m.body} from greatest(1, coalesce(${first}, 1) - 60) for 240)`,
      })
      .from(m)
      .where(
        inArray(
          m.id,
          page.map((p) => p.id),
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      total: Math.min(n?.n ?? 0, COUNT_CAP),
      capped: (n?.n ?? 0) > COUNT_CAP,
      rows: page.flatMap((p) => {
        const r = byId.get(p.id);
        return r ? [{ ...r, titleHit: p.titleHit }] : [];
      }),
    };
  },

  /** The blob a material names, if it is held as a training file (stored with ?scope=training first). */
  blob: async (db: Db, sha: string) =>
    (
      await db
        .select({ contentType: blobs.contentType, bytes: blobs.bytes })
        .from(blobs)
        .where(and(eq(blobs.sha256, sha), sql`'training' = ANY(${blobs.shared})`))
    )[0] ?? null,

  /** Materials whose text is still to be extracted (the job's catch-up after a restart). */
  pendingExtraction: async (db: Db, limit: number) =>
    (await db.select({ id: m.id }).from(m).where(eq(m.extraction, 'pending')).limit(limit)).map((r) => r.id),

  /** The skills named on materials (for the filter). */
  skills: async (db: Db) =>
    (
      await rowsOf<{ skill: string }>(
        db,
        sql`SELECT DISTINCT unnest(skills) AS skill FROM training_materials WHERE archived_at IS NULL ORDER BY 1`,
      )
    ).map((r) => r.skill),
};
