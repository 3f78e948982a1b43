// Preloaded with `node --import` by cold-path.test.ts: records every module the process resolves (import and
// require alike) and writes the list to $RECORD_MODULES_TO when the process exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const resolved = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.add(result.url);
    return result;
  },
});
process.on('exit', () => writeFileSync(process.env.RECORD_MODULES_TO, JSON.stringify([...resolved])));
