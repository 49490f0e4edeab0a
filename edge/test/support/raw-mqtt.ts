/**
 * A bare MQTT 3.1.1 login over TCP from a chosen local address (Linux accepts any 127.0.0.0/8 source on
 * loopback), for floods that must look like many hosts to the hub's per-source limits.
 */
import { connect } from 'node:net';

const str = (s: string) => {
  const b = Buffer.from(s);
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};

export function connectPacket(clientId: string, username: string, password: string): Buffer {
  // Protocol "MQTT" level 4, flags: user name + password + clean session, keepalive 60 s.
  const body = Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0, 60]), str(clientId), str(username), str(password)]);
  if (body.length > 127) throw new Error('connectPacket: keep the ids and the password short (one length byte)');
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

/** Logs in and hangs up: the CONNACK return code (0 accepted, 3 server unavailable, 4 bad user name or password), or -1 if closed without one. */
export function mqttLogin(opts: {
  port: number;
  localAddress?: string;
  clientId: string;
  username: string;
  password: string;
}): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(
      { host: '127.0.0.1', port: opts.port, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) },
      () => socket.write(connectPacket(opts.clientId, opts.username, opts.password)),
    );
    let got = Buffer.alloc(0);
    let code = -1;
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 4 && got[0] === 0x20) {
        code = got[3] as number;
        socket.destroy();
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(code));
  });
}
