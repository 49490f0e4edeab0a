/** A bare aedes broker (no auth, no hub) for the raw relay baseline of the edge benchmark. */
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const broker = await Aedes.createBroker({ drainTimeout: 30_000 });
const server = createServer((socket) => {
  socket.setNoDelay(true);
  broker.handle(socket);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ event: 'raw.ready', port: (server.address() as { port: number }).port })}\n`,
  );
});
process.on('SIGTERM', () => broker.close(() => server.close(() => process.exit(0))));
