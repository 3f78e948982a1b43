// Preloaded with `node --import` by cold-path.test.ts: records every module the process resolves (import and
// require alike), in order, and writes the list to $RECORD_MODULES_TO when the process exits. Two marks go into
// the list where they happen: `mark:listening` when the first server listens, and `mark:signal` on SIGUSR2 (the
// test sends it once /readyz said ready, and waits for $RECORD_MODULES_TO.mark, written then).
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { Server } from 'node:net';

const resolved = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.add(result.url);
    return result;
  },
});
const listen = Server.prototype.listen;
Server.prototype.listen = function (...args) {
  this.once('listening', () => resolved.add('mark:listening'));
  return listen.apply(this, args);
};
process.on('SIGUSR2', () => {
  resolved.add('mark:signal');
  writeFileSync(`${process.env.RECORD_MODULES_TO}.mark`, 'marked');
});
process.on('exit', () => writeFileSync(process.env.RECORD_MODULES_TO, JSON.stringify([...resolved])));
