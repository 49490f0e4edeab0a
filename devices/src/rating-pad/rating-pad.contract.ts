/**
 * Rating pad (评价器): after a visit the hub prompts the pad at that counter; the customer answers with a
 * score of 1-5 and optional reason codes, or walks away and the pad reports the prompt as skipped.
 */
import { z } from 'zod';
import { counterIdSchema, labelSchema, reqIdSchema, staffIdSchema, textSchema, ticketNoSchema } from '../ids.ts';
import { defineDeviceKind } from '../kind.ts';

export const ratingPad = defineDeviceKind({
  kind: 'rating-pad',
  label: { 'zh-CN': '评价器', en: 'Rating pad' },
  transports: ['mqtt'],
  heartbeatTimeoutMs: 120_000,
  events: {
    rating: {
      ticketNo: ticketNoSchema,
      score: z.int({ error: 'score must be a whole number from 1 to 5' }).min(1).max(5),
      /** Operator-defined reason codes, e.g. `slow`, `friendly`. */
      reasons: z.array(textSchema(32, 1)).max(8).default([]),
      promptReqId: reqIdSchema.optional(),
    },
    'rating.skipped': {
      ticketNo: ticketNoSchema,
      promptReqId: reqIdSchema.optional(),
    },
  },
  commands: {
    prompt: {
      ticketNo: ticketNoSchema,
      counterId: counterIdSchema,
      staffId: staffIdSchema,
      staffName: labelSchema.optional(),
      /** The pad gives up and reports `rating.skipped` after this long. */
      timeoutSec: z.int().min(5).max(600),
    },
    cancel: { promptReqId: reqIdSchema },
  },
  state: {
    batteryPct: z.number().min(0).max(100),
    charging: z.boolean(),
  },
});
