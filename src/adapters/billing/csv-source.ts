import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import Papa from 'papaparse';
import type { CostData, CostRow, DayRange } from '../../domain/cost.js';
import { PortError } from '../../domain/errors.js';
import type { CostSource } from '../../ports/cost-source.js';
import { dayReader, detach, findColumns, parseAmount, parseCredits, type Columns } from './csv-columns.js';

const BACKEND = 'Billing CSV';

interface Aggregated {
  rows: CostRow[];
  currency: string | null;
  notes: string[];
}

/**
 * Cost data from a CSV file, streamed (PapaParse) and aggregated by day, service, project and SKU as it is
 * read: memory grows with the number of distinct days × SKUs, not with the rows, so a million-row file
 * is fine. The aggregate is kept until the file changes (size or mtime), so reports after the first are
 * served from memory; concurrent first reads share one parse.
 */
export function createCsvCostSource(path: string): CostSource {
  let cached: { key: string; result: Promise<Aggregated> } | undefined;

  return {
    description: `CSV file ${path}`,
    async dailyCosts(range: DayRange, timeZone: string): Promise<CostData> {
      const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
        throw fileError(path, error);
      });
      const key = `${info.size}:${info.mtimeMs}:${timeZone}`;
      if (cached?.key !== key) {
        const result = aggregate(path, timeZone);
        cached = { key, result };
        result.catch(() => {
          if (cached?.result === result) cached = undefined;
        });
      }
      const all = await cached.result;
      return {
        rows: all.rows.filter((r) => r.day >= range.from && r.day <= range.to),
        currency: all.currency,
        notes: all.notes,
      };
    },
    close: async () => {
      cached = undefined;
    },
  };
}

function fileError(path: string, error: NodeJS.ErrnoException): PortError {
  if (error.code === 'ENOENT')
    return new PortError(
      'not_found',
      `The billing CSV ${path} does not exist: set cost.source.csv.path in chatops.yml (or COST_CSV_PATH) to the cost table you exported.`,
      BACKEND,
    );
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return new PortError(
      'permission_denied',
      `The bot may not read the billing CSV ${path}: give its user read access to the file.`,
      BACKEND,
    );
  if (error.code === 'EISDIR')
    return new PortError(
      'invalid',
      `The billing CSV path ${path} is a folder; point cost.source.csv.path at the file.`,
      BACKEND,
    );
  return new PortError(
    'unavailable',
    `The billing CSV ${path} could not be read (${error.code ?? error.message}).`,
    BACKEND,
  );
}

async function aggregate(path: string, timeZone: string): Promise<Aggregated> {
  const totals = new Map<string, CostRow>();
  const toDay = dayReader(timeZone);
  let columns: Columns | undefined;
  let problem: string | undefined;
  const currencies = new Set<string>();
  let line = 0;
  let skipped = 0;
  let firstSkipped = 0;

  const onRow = (record: string[], broken: boolean, parser: Papa.Parser): void => {
    line += 1;
    if (!columns) {
      if (record[0]) record[0] = record[0].replace(/^\uFEFF/, '');
      const found = findColumns(record);
      if ('problem' in found) {
        problem = found.problem;
        parser.abort();
      } else columns = found;
      return;
    }
    const day = broken ? null : toDay(record[columns.day] ?? '');
    const cost =
      parseAmount(record[columns.cost]) + (columns.credits === undefined ? 0 : parseCredits(record[columns.credits]));
    if (day === null || Number.isNaN(cost)) {
      skipped += 1;
      firstSkipped ||= line;
      return;
    }
    const service = record[columns.service] ?? '';
    const project = columns.project === undefined ? '' : (record[columns.project] ?? '');
    const sku = columns.sku === undefined ? '' : (record[columns.sku] ?? '');
    const key = `${day}\u0001${service}\u0001${project}\u0001${sku}`;
    let row = totals.get(key);
    if (!row) {
      // Detached copies: the fields are slices of the parser's chunk, which must not stay in memory.
      row = {
        day,
        service: detach(service),
        project: detach(project),
        sku: detach(sku),
        cost: 0,
        usage: 0,
        unit: detach(columns.unit === undefined ? '' : (record[columns.unit] ?? '')),
      };
      totals.set(detach(key), row);
    }
    row.cost += cost;
    if (columns.usage !== undefined) row.usage += parseAmount(record[columns.usage]) || 0;
    if (columns.currency !== undefined) {
      const code = record[columns.currency];
      if (code && !currencies.has(code)) currencies.add(detach(code));
    }
  };

  await new Promise<void>((resolve, reject) => {
    const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    input.on('error', (error) => reject(fileError(path, error)));
    Papa.parse<string[]>(input, {
      skipEmptyLines: true,
      step: (results, parser) => onRow(results.data, results.errors.length > 0, parser),
      complete: () => resolve(),
      error: (error) =>
        reject(new PortError('invalid', `The billing CSV ${path} could not be parsed: ${error.message}`, BACKEND)),
    });
  });
  if (problem) throw new PortError('invalid', `The billing CSV ${path} has ${problem}`, BACKEND);
  if (!columns)
    throw new PortError('invalid', `The billing CSV ${path} is empty: export the cost table again.`, BACKEND);

  const notes: string[] = [];
  if (skipped > 0)
    notes.push(
      `${skipped} ${skipped === 1 ? 'row' : 'rows'} of ${path} ${skipped === 1 ? 'was' : 'were'} skipped: no readable date or cost, or broken quoting (the first on line ${firstSkipped}).`,
    );
  if (currencies.size > 1)
    notes.push(`${path} mixes currencies (${[...currencies].join(', ')}); amounts are added as they are.`);
  return { rows: [...totals.values()], currency: currencies.values().next().value ?? null, notes };
}
