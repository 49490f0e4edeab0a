/**
 * Two connected in-process byte streams: what one end writes, the other reads, in order. The demo's
 * history runs a hall's simulated devices in the hub's own process; over this pipe they speak the same
 * MQTT bytes to the same broker (authentication, ACL, wire guard, contract checks) as over TCP, without
 * a system call per packet — on loopback TCP a quarter of the history's CPU time went to `writev` and
 * the reads behind it.
 */
import { Duplex } from 'node:stream';

class PipeEnd extends Duplex {
  peer: PipeEnd | null = null;
  /** Where the other end lives, as a socket's `remoteAddress` would say it. */
  readonly remoteAddress: string;

  constructor(remoteAddress: string) {
    super({ allowHalfOpen: false });
    this.remoteAddress = remoteAddress;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void) {
    this.peer?.push(chunk);
    done();
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, done: (err?: Error | null) => void) {
    // One buffer for the peer, as one `writev` delivers one read on a socket.
    this.peer?.push(chunks.length === 1 ? chunks[0]?.chunk : Buffer.concat(chunks.map((c) => c.chunk)));
    done();
  }

  override _read() {}

  override _final(done: (err?: Error | null) => void) {
    this.peer?.push(null);
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void) {
    // A dropped connection drops for both ends (the broker then publishes the device's will).
    const peer = this.peer;
    this.peer = null;
    if (peer && !peer.destroyed) peer.destroy();
    done(err);
  }
}

/** A connected pair: `[client, server]`. */
export function localPipe(source = 'local'): [Duplex, Duplex] {
  const client = new PipeEnd('hub');
  const server = new PipeEnd(source);
  client.peer = server;
  server.peer = client;
  return [client, server];
}
