/**
 * `npm run bench` (full: about three minutes) or `npm run bench -- --smoke` (seconds; CI may run it, and
 * never judges its times). The table goes to stdout, progress to stderr, the JSON to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.js';
import { runBench } from './bench.js';

const smoke = process.argv.includes('--smoke');
const result = await runBench({ smoke, progress: (line) => process.stderr.write(`bench: ${line}\n`) });

const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${smoke ? 'smoke' : 'bench'}-${result.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

process.stdout.write(`\n${smoke ? '**Smoke run: tiny load, times not judged.**\n\n' : ''}${result.table}\n\n`);
process.stdout.write(`Node ${result.node} on ${result.cpus}; ${result.date}. JSON: ${file}\n`);
