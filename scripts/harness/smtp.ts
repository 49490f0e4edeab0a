/**
 * A real SMTP server for tests and benchmarks (the `smtp-server` package) on a free port of 127.0.0.1:
 * every message it accepts is parsed (mailparser) and kept with its envelope and the time it arrived.
 * `stop()` closes it (connections are then refused: an outage); `start()` opens it again on the same port.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.ts';

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string | undefined;
  attachments: ParsedMail['attachments'];
  receivedAt: number;
}

export interface SmtpCatcher {
  port: number;
  messages: CaughtMail[];
  /** Waits until `pred` holds for the caught messages (polling), or fails after `timeoutMs`. */
  waitFor(what: string, pred: (m: CaughtMail[]) => boolean, timeoutMs?: number): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpCatcher(opts: { port?: number; maxBytes?: number } = {}): Promise<SmtpCatcher> {
  const port = opts.port ?? (await freePort());
  const messages: CaughtMail[] = [];
  let server: SMTPServer | null = null;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const s = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        size: opts.maxBytes ?? 10 * 1024 * 1024,
        logger: false,
        maxClients: 200,
        // Any user and password: the tests check that the client signs in, not who it is.
        allowInsecureAuth: true,
        onAuth(auth, _session, callback) {
          callback(null, { user: auth.username });
        },
        onData(stream, session, callback) {
          simpleParser(stream)
            .then((mail) => {
              messages.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                messageId: mail.messageId,
                attachments: mail.attachments,
                receivedAt: Date.now(),
              });
              callback();
            })
            .catch((err: Error) => callback(err));
        },
      });
      s.on('error', () => {});
      s.listen(port, '127.0.0.1', () => resolve());
      s.server.once('error', reject);
      server = s;
    });
  await open();
  return {
    port,
    messages,
    async waitFor(what, pred, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(messages)) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}; caught: ${JSON.stringify(messages.map((m) => [m.to, m.subject]))}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    start: open,
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
