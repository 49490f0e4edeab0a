/**
 * Test peers for the simulators before there is a hub: a bare aedes broker that records who
 * authenticated, and mosquitto_sub (Debian's mosquitto-clients) as an independent observer of the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { stopChild } from '@hall/scripts/harness';
import { Aedes } from 'aedes';

export interface BareBroker {
  url: string;
  port: number;
  /** client id → the username and password it presented. */
  logins: Map<string, { username?: string; password?: string }>;
  close(): Promise<void>;
}

export async function startBareBroker(): Promise<BareBroker> {
  const logins = new Map<string, { username?: string; password?: string }>();
  const broker = await Aedes.createBroker({
    drainTimeout: 5_000,
    authenticate: (client, username, password, done) => {
      logins.set(client.id, { username, password: password?.toString() });
      done(null, true);
    },
  });
  // Without TCP_NODELAY, small MQTT packets wait on Nagle + delayed ACK: ~40 ms per hop on loopback.
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    logins,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Observed {
  topic: string;
  payload: string;
}

export interface Observer {
  messages: Observed[];
  /** Waits until `predicate` holds for the messages seen so far (wall clock). */
  waitFor(predicate: (messages: Observed[]) => boolean, timeoutMs?: number): Promise<Observed[]>;
  stop(): Promise<void>;
}

/** Runs `mosquitto_sub -v` on the filter and collects every `topic payload` line it prints. */
export async function observe(port: number, filter = 'hall/#'): Promise<Observer> {
  const child: ChildProcess = spawn(
    'mosquitto_sub',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-t',
      filter,
      '-v',
      '-q',
      '1',
      '-i',
      `observer-${process.pid}-${Date.now()}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const messages: Observed[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const space = line.indexOf(' ');
      messages.push(
        space < 0 ? { topic: line, payload: '' } : { topic: line.slice(0, space), payload: line.slice(space + 1) },
      );
    }
  });
  // mosquitto_sub says nothing when subscribed; give it a moment to connect and subscribe.
  await new Promise((r) => setTimeout(r, 300));
  return {
    messages,
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline)
          throw new Error(
            `observer: condition not met within ${timeoutMs} ms; saw:\n${messages.map((m) => `${m.topic} ${m.payload}`).join('\n')}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    // A second stop (a test's own, then afterEach's) must not wait for an exit that already happened.
    stop: () => stopChild(child),
  };
}
