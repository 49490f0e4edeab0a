/**
 * 人员培训 — the training library. Reading needs `training` view somewhere (the library is the
 * organisation's); changing a material needs `training` edit where it is kept (the service checks the
 * material's unit). Searches share a per-user budget, as the other heavy reads do.
 */
import { serviceIdSchema } from '@hall/devices';
import { z } from 'zod';
import { text } from '../../inputs.ts';
import { costly, moduleProcedure, router } from '../../trpc.ts';
import { MAX_QUERY_CHARS } from '../../engines/search/chinese.ts';
import {
  archiveMaterial,
  createMaterial,
  getMaterial,
  libraryInfo,
  MAX_NOTE_CHARS,
  newVersion,
  searchMaterials,
} from './materials.service.ts';
import { MATERIAL_KINDS } from './training.table.ts';

const id = z.int().min(1).max(2_147_483_647);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'a hex SHA-256' });
const skill = z.string().trim().min(1).max(30);

const material = z
  .object({
    kind: z.enum(MATERIAL_KINDS),
    title: text(120),
    summary: text(500).optional(),
    body: text(MAX_NOTE_CHARS).optional(),
    file: z
      .object({ sha256, name: text(200) })
      .strict()
      .optional(),
    serviceIds: z.array(serviceIdSchema).max(20).default([]),
    skills: z.array(skill).max(20).default([]),
    level: z.int().min(1).max(3).default(1),
    orgUnitId: z.string().min(1).max(64),
  })
  .strict();

const view = () => moduleProcedure({ module: 'training', level: 'view', scope: 'any-unit' });
const edit = () => moduleProcedure({ module: 'training', level: 'edit', scope: 'any-unit' });

export const trainingRouter = router({
  /** The library: the newest first, or a Chinese search (title hits first, hits marked). */
  library: view()
    .use(costly('training-search', 300))
    .input(
      z
        .object({
          q: z.string().max(MAX_QUERY_CHARS).optional(),
          kind: z.enum(MATERIAL_KINDS).optional(),
          serviceId: serviceIdSchema.optional(),
          skill: skill.optional(),
          level: z.int().min(1).max(3).optional(),
          all: z.boolean().optional(),
          limit: z.int().min(1).max(50).default(20),
          offset: z.int().min(0).max(1_000).default(0),
        })
        .strict(),
    )
    .query(({ ctx, input }) => searchMaterials(ctx.db, input)),
  /** The filters' choices: business types by name, skills named on materials. */
  libraryInfo: view().query(({ ctx }) => libraryInfo(ctx.db)),
  /** One material with its versions. */
  material: view()
    .input(z.object({ id }).strict())
    .query(({ ctx, input }) => getMaterial(ctx.db, ctx.user, input.id)),
  createMaterial: edit()
    .input(material)
    .mutation(({ ctx, input }) => createMaterial(ctx.db, ctx.user, input, ctx.jobs ?? null)),
  /** A new version replacing the one in force. */
  newVersion: edit()
    .input(z.object({ of: id, material }).strict())
    .mutation(({ ctx, input }) => newVersion(ctx.db, ctx.user, input.of, input.material, ctx.jobs ?? null)),
  archiveMaterial: edit()
    .input(z.object({ id, archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) => archiveMaterial(ctx.db, ctx.user, input.id, input.archived)),
});
