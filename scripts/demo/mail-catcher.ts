/**
 * The demo's mail server: a real SMTP server (the `smtp-server` package) on 127.0.0.1 that accepts every
 * message the cloud sends and writes it as an .eml file (the message as it travelled, attachments
 * included; any mail program opens it) into a folder of the demo's data. Nothing leaves the machine.
 */
import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  port: number;
  dir: string;
  /** How many messages the folder holds. */
  count(): number;
  close(): Promise<void>;
}

/** At most this much per message (a daily report's PDF is tens of kB). */
const MAX_BYTES = 10 * 1024 * 1024;

export async function startMailCatcher(dir: string, port: number): Promise<MailCatcher> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_BYTES,
    logger: false,
    maxClients: 50,
    onData(stream, session, callback) {
      n += 1;
      const stamp = new Date()
        .toISOString()
        .replaceAll(':', '')
        .replace(/\.\d+Z$/, 'Z');
      const file = join(dir, `${stamp}-${process.pid}-${n}.eml`);
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      const out = createWriteStream(file, { mode: 0o600 });
      // The envelope's recipients first (as a delivering server adds them), then the message itself.
      out.write(`X-Delivered-To: ${to}\r\n`);
      pipeline(stream, out).then(
        () =>
          callback(stream.sizeExceeded ? Object.assign(new Error('message too large'), { responseCode: 552 }) : null),
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {}); // a client that misbehaves is its problem, not the demo's
  return {
    port,
    dir,
    count: () => readdirSync(dir).filter((f) => f.endsWith('.eml')).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
