/**
 * The response_url sink as its own process (`node dist/bench/sink.js`): accepts every POST with Slack's
 * {"ok":true} and prints its URL on the first line of stdout. It runs apart from the load generator, so the
 * bot's replies (the bare app sends none) cost the generator nothing and cannot skew the latencies it times.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/response\n`),
);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
