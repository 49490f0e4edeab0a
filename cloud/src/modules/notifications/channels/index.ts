/**
 * Channel kinds: the settings each keeps (shown in the console) and its secrets (write-only), checked by
 * zod, and the adapter built from a stored channel row.
 */
import { z } from 'zod';
import type { ChannelKind } from '../notifications.table.ts';
import type { ChannelAdapter } from './channel.ts';
import { emailAdapter, smtpSecretsSchema, smtpSettingsSchema } from './email.adapter.ts';
import { aliyunSmsAdapter, aliyunSettingsSchema, aliyunSecretsSchema } from './sms-aliyun.adapter.ts';
import { tencentSmsAdapter, tencentSettingsSchema, tencentSecretsSchema } from './sms-tencent.adapter.ts';
import {
  dingtalkAdapter,
  dingtalkSecretsSchema,
  robotSettingsSchema,
  wecomAdapter,
  wecomSecretsSchema,
} from './robot.adapter.ts';
import { webhookAdapter, webhookSecretsSchema, webhookSettingsSchema } from './webhook.adapter.ts';

export const CHANNEL_SCHEMAS = {
  smtp: { settings: smtpSettingsSchema, secrets: smtpSecretsSchema },
  'aliyun-sms': { settings: aliyunSettingsSchema, secrets: aliyunSecretsSchema },
  'tencent-sms': { settings: tencentSettingsSchema, secrets: tencentSecretsSchema },
  wecom: { settings: robotSettingsSchema, secrets: wecomSecretsSchema },
  dingtalk: { settings: robotSettingsSchema, secrets: dingtalkSecretsSchema },
  webhook: { settings: webhookSettingsSchema, secrets: webhookSecretsSchema },
} satisfies Record<ChannelKind, { settings: z.ZodType; secrets: z.ZodType }>;

/** Channels that reach one person each (an address per recipient); the others post to a group once. */
export const PERSONAL_KINDS: readonly ChannelKind[] = ['smtp', 'aliyun-sms', 'tencent-sms'];
export const SMS_KINDS: readonly ChannelKind[] = ['aliyun-sms', 'tencent-sms'];

export function adapterFor(row: {
  kind: ChannelKind;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}): ChannelAdapter {
  switch (row.kind) {
    case 'smtp':
      return emailAdapter(smtpSettingsSchema.parse(row.settings), smtpSecretsSchema.parse(row.secrets));
    case 'aliyun-sms':
      return aliyunSmsAdapter(aliyunSettingsSchema.parse(row.settings), aliyunSecretsSchema.parse(row.secrets));
    case 'tencent-sms':
      return tencentSmsAdapter(tencentSettingsSchema.parse(row.settings), tencentSecretsSchema.parse(row.secrets));
    case 'wecom':
      return wecomAdapter(robotSettingsSchema.parse(row.settings), wecomSecretsSchema.parse(row.secrets));
    case 'dingtalk':
      return dingtalkAdapter(robotSettingsSchema.parse(row.settings), dingtalkSecretsSchema.parse(row.secrets));
    case 'webhook':
      return webhookAdapter(webhookSettingsSchema.parse(row.settings), webhookSecretsSchema.parse(row.secrets));
  }
}
