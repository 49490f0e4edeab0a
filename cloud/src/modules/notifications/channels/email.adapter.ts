/**
 * E-mail over SMTP (nodemailer), one connection per send batch, not pooled: a cloud process sends in
 * bursts and several processes share the work, so idle pooled connections would only be dropped by the
 * server. A message keeps one Message-ID across retries (from its dedupe key), so a mail client shows a
 * message resent after a lost answer once. SMTP has no status query: a send whose answer was lost is
 * sent again (at least once).
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { ChannelAdapter, OutgoingMessage, SendOutcome } from './channel.ts';

export const smtpSettingsSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.int().min(1).max(65_535),
  /** Implicit TLS (465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send without STARTTLS. */
  requireTls: z.boolean().default(false),
  from: z.string().min(3).max(200),
  username: z.string().max(200).optional(),
  timeoutMs: z.int().min(1_000).max(60_000).default(15_000),
});
export const smtpSecretsSchema = z.object({ password: z.string().max(500).optional() });
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

export function messageIdOf(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@hall-ops.notify>`;
}

/** What went wrong, as a code the delivery log can say in words, and whether trying again may help. */
export function smtpError(err: unknown): { code: string; detail: string; retry: boolean } {
  const e = err as { code?: string; responseCode?: number; command?: string };
  const detail = e.responseCode ? `SMTP ${e.responseCode}${e.command ? ` (${e.command})` : ''}` : (e.code ?? 'error');
  if (e.code === 'EAUTH') return { code: 'auth-failed', detail, retry: true };
  if (e.code === 'EENVELOPE' && e.responseCode && e.responseCode >= 500)
    return { code: 'recipient-refused', detail, retry: false };
  if (e.code === 'ETIMEDOUT') return { code: 'timeout', detail, retry: true };
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EDNS') {
    const refused = /ECONNREFUSED/.test(String((err as Error).message));
    return { code: refused ? 'connection-refused' : 'connection-failed', detail, retry: true };
  }
  if (e.responseCode && e.responseCode >= 500) return { code: 'rejected', detail, retry: false };
  return { code: 'provider-error', detail, retry: true };
}

export function emailAdapter(settings: SmtpSettings, secrets: { password?: string | undefined }): ChannelAdapter {
  const transport = () =>
    nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTls,
      ...(settings.username ? { auth: { user: settings.username, pass: secrets.password ?? '' } } : {}),
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      // A local test server or an internal relay may have no certificate a public CA signed.
      tls: { rejectUnauthorized: settings.requireTls },
    });
  return {
    maxBatch: 1,
    receipts: false,
    async send(messages: OutgoingMessage[]): Promise<SendOutcome[]> {
      const out: SendOutcome[] = [];
      for (const m of messages) {
        const t = transport();
        try {
          const info = await t.sendMail({
            from: settings.from,
            to: m.recipient,
            subject: m.subject,
            text: m.body,
            messageId: messageIdOf(m.dedupeKey),
            headers: { 'Content-Language': m.language },
            attachments: m.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: a.content,
            })),
          });
          out.push({ status: 'sent', providerMessageId: info.messageId });
        } catch (err) {
          const e = smtpError(err);
          out.push({ status: 'failed', ...e });
        } finally {
          t.close();
        }
      }
      return out;
    },
  };
}
