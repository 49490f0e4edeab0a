/**
 * Writes history points to InfluxDB with @influxdata/influxdb-client's WriteApi, in two modes:
 * - InfluxDB 2.x / 3.x: URL, org, bucket, token (the client's own HTTP transport, /api/v2/write);
 * - InfluxDB 1.x: URL, database, retention policy, user, password, through the client's `transport`
 *   option: a small transport that sends the client's write requests to 1.x's `/write` instead.
 * The client's own retries and flush timer are off (maxRetries 0, flushInterval 0): the historian decides
 * when to flush and spills to SQLite what could not be written.
 */
import {
  createTextDecoderCombiner,
  setLogger,
  HttpError,
  InfluxDB,
  Point,
  type CommunicationObserver,
  type SendOptions,
  type Transport,
  type WriteApi,
} from '@influxdata/influxdb-client';

export type InfluxTarget =
  | { version: 2; url: string; org: string; bucket: string; token: string }
  | { version: 1; url: string; database: string; retentionPolicy?: string; user?: string; password?: string };

export interface HistoryPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | boolean | string>;
  /** Nanoseconds since the epoch, as a decimal string (hub time; equal points overwrite on replay). */
  ts: string;
}

/**
 * Line protocol for a point (escaping by the client's Point). InfluxDB fixes a field's type at its first
 * write, so numbers are floats unless the field is named in `intFields`: a wait of 0 and one of 4.5 must
 * both be floats.
 */
export function toLine(p: HistoryPoint, intFields: ReadonlySet<string>): string {
  const point = new Point(p.measurement);
  for (const [k, v] of Object.entries(p.tags)) point.tag(k, v);
  for (const [k, v] of Object.entries(p.fields)) {
    if (typeof v === 'boolean') point.booleanField(k, v);
    else if (typeof v === 'string') point.stringField(k, v);
    else if (intFields.has(k)) point.intField(k, Math.round(v));
    else point.floatField(k, v);
  }
  point.timestamp(p.ts);
  return point.toLineProtocol() ?? '';
}

/** Sends the client's v2 write calls to a 1.x server's /write (db, rp, user, password, precision). */
class V1WriteTransport implements Transport {
  readonly chunkCombiner = createTextDecoderCombiner();
  readonly #t: Extract<InfluxTarget, { version: 1 }>;

  constructor(target: Extract<InfluxTarget, { version: 1 }>) {
    this.#t = target;
  }

  send(path: string, body: string, options: SendOptions, callbacks?: Partial<CommunicationObserver<Uint8Array>>): void {
    const v2 = new URL(path, 'http://x');
    const precision = { ns: 'n', us: 'u', ms: 'ms', s: 's' }[v2.searchParams.get('precision') ?? 'ns'] ?? 'n';
    const url = new URL('/write', this.#t.url);
    url.searchParams.set('db', this.#t.database);
    if (this.#t.retentionPolicy) url.searchParams.set('rp', this.#t.retentionPolicy);
    url.searchParams.set('precision', precision);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (this.#t.user)
      headers.authorization = `Basic ${Buffer.from(`${this.#t.user}:${this.#t.password ?? ''}`).toString('base64')}`;
    fetch(url, { method: options.method ?? 'POST', body, headers, signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        callbacks?.responseStarted?.(Object.fromEntries(res.headers), res.status);
        const text = await res.text();
        if (res.status >= 300) callbacks?.error?.(new HttpError(res.status, res.statusText, text));
        else callbacks?.complete?.();
      })
      .catch((err: Error) => callbacks?.error?.(err));
  }

  request(): Promise<never> {
    return Promise.reject(new Error('the 1.x transport only writes'));
  }

  // eslint-disable-next-line require-yield
  async *iterate(): AsyncIterableIterator<Uint8Array> {
    throw new Error('the 1.x transport only writes');
  }
}

export interface InfluxWriter {
  /** Writes the lines now; rejects if InfluxDB did not take them. */
  write(lines: string[]): Promise<void>;
  close(): Promise<void>;
}

/** True for an error InfluxDB will give again however often the lines are sent (4xx: bad points). */
export function isPermanentWriteError(err: unknown): boolean {
  return err instanceof HttpError && err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 429;
}

export function createInfluxWriter(target: InfluxTarget, log?: (msg: string) => void): InfluxWriter {
  // The client logs failed writes to the console by itself; the historian reports them instead.
  setLogger({ error: (msg) => log?.(msg), warn: (msg) => log?.(msg) });
  const writeOptions = { flushInterval: 0, maxRetries: 0, batchSize: 100_000, maxBufferLines: 1_000_000 };
  const client =
    target.version === 2
      ? new InfluxDB({ url: target.url, token: target.token, timeout: 10_000 })
      : new InfluxDB({ url: target.url, transport: new V1WriteTransport(target), timeout: 10_000 });
  let api: WriteApi | null = null;
  const fresh = () =>
    target.version === 2
      ? client.getWriteApi(target.org, target.bucket, 'ns', writeOptions)
      : client.getWriteApi('', target.database, 'ns', writeOptions);
  return {
    async write(lines) {
      api ??= fresh();
      api.writeRecords(lines);
      try {
        await api.flush();
      } catch (err) {
        // A failed write leaves the WriteApi's state unknown: the next write gets a new one.
        api = null;
        throw err;
      }
    },
    async close() {
      await api?.close().catch(() => {});
    },
  };
}
