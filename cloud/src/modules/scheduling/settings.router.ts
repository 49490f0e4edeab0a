/**
 * A hall's planning settings (router key `schedulingSettings`): get (stored or defaults, with measured
 * handle times), put (validated, version + 1, audited), history. Reading needs scheduling view at the
 * hall, saving scheduling edit.
 */
import { z } from 'zod';
import { moduleProcedure, router } from '../../trpc.ts';
import { getSettings, putSettings, settingsHistory } from './settings.service.ts';

const hallId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const view = () => moduleProcedure({ module: 'scheduling', level: 'view', scope: 'hall' });
const edit = () => moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'hall' });

export const schedulingSettingsRouter = router({
  get: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => getSettings(ctx.db, input.hallId)),
  /** `settings` is validated by the service (every wrong field named in one answer). */
  put: edit()
    .input(z.object({ hallId, baseVersion: z.int().min(0).max(1_000_000), settings: z.unknown() }))
    .mutation(({ ctx, input }) => putSettings(ctx.db, ctx.user, input)),
  history: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => settingsHistory(ctx.db, input.hallId)),
});
