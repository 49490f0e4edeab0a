/**
 * 人员培训 — the training library. A material is a document (PDF, slides), a video, an image or a
 * policy note, tagged by business type (the halls' service ids), skill and level. A new version of a
 * material is a new row of the same series; the version it replaces names it in `superseded_by`, so a
 * search finds the version in force and the history stays.
 *
 * Search: `search` holds the title's, the tags' and the text's words (cut by jieba in
 * `engines/search/chinese.ts`, weights A, B and D) as a `tsvector('simple')` under a GIN index — the same
 * on PGlite and on PostgreSQL whatever its collation (pg_trgm drops Chinese on a `C`-ctype cluster). A
 * query without weights matches from the index alone (no recheck); `rank_search` (the title, the tags and
 * the text's first words) ranks the matches and says which are title hits.
 * `body` is the note's text or the text extracted from the file (a PDF's, by a background job).
 */
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgTable, serial, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const MATERIAL_KINDS = ['document', 'video', 'image', 'note'] as const;
/** Where a file's text stands: none to extract, waiting for its job, extracted, or unreadable. */
export const EXTRACTION_STATES = ['none', 'pending', 'done', 'failed'] as const;

export const trainingMaterials = pgTable(
  'training_materials',
  {
    id: serial('id').primaryKey(),
    /** The series: the first version's id (every version of a material shares it). */
    seriesId: integer('series_id').notNull(),
    version: integer('version').notNull().default(1),
    kind: text('kind').$type<(typeof MATERIAL_KINDS)[number]>().notNull(),
    title: text('title').notNull(),
    /** A line or two saying what it is for (shown in results). */
    summary: text('summary').notNull().default(''),
    /** The note's text, or the text extracted from the file (at most MAX_INDEX_CHARS). */
    body: text('body').notNull().default(''),
    /** The file in the blob store (its SHA-256), its name, type, size and pages (a PDF's). */
    fileSha: text('file_sha'),
    fileName: text('file_name'),
    contentType: text('content_type'),
    bytes: integer('bytes'),
    pages: integer('pages'),
    extraction: text('extraction').$type<(typeof EXTRACTION_STATES)[number]>().notNull().default('none'),
    /** Business types: the halls' service ids it is about. */
    serviceIds: text('service_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Skills it trains (free words, as the performance module's skill names). */
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** 1 basic, 2 intermediate, 3 advanced. */
    level: smallint('level').notNull().default(1),
    /** The org unit that keeps it (its trainers may change it); everyone with training view reads it. */
    orgUnitId: text('org_unit_id').notNull(),
    supersededBy: integer('superseded_by'),
    archivedAt: at('archived_at'),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    search: tsvector('search').notNull(),
    /**
     * The same words, weighted, of the title, the tags and the text's first words only: what results are
     * ranked by and what says a title hit. Small enough to live in the row, so ordering thousands of
     * matches of a common word never reads their whole texts.
     */
    rankSearch: tsvector('rank_search')
      .notNull()
      .default(sql`''::tsvector`),
  },
  (t) => [
    index('training_materials_search').using('gin', t.search),
    index('training_materials_series').on(t.seriesId, t.version),
    check('training_materials_kind', sql`${t.kind} in ('document', 'video', 'image', 'note')`),
    check('training_materials_extraction', sql`${t.extraction} in ('none', 'pending', 'done', 'failed')`),
    check('training_materials_level', sql`${t.level} between 1 and 3`),
  ],
);
