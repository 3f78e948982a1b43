import { mkdtempSync, writeFileSync, appendFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCsvCostSource } from '../../src/adapters/billing/csv-source.js';
import { PortError } from '../../src/domain/errors.js';
import { portErrorOf } from '../support/port-error.js';

const dir = mkdtempSync(join(tmpdir(), 'chatops-csv-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const ALL = { from: '2000-01-01', to: '2100-01-01' };

describe('the CSV cost source', () => {
  it('reads the GCP console cost table: quoted amounts with thousands separators, credits, plain dates', async () => {
    const path = file(
      'console.csv',
      '\uFEFF"Billing account name","Project name","Project ID","Service description","SKU description","Usage start date","Usage amount","Usage unit","Cost ($)","Credits ($)"\n' +
        '"Main","API","demo-project","Cloud Run","CPU Allocation Time (tier 1)","2026-11-01","1,000","vCPU-second","1,234.50","-34.50"\n' +
        '"Main","API","demo-project","Cloud Run","CPU Allocation Time (tier 1)","2026-11-01","10","vCPU-second","5.00",""\n' +
        '"Main","API","demo-project","Cloud SQL","Cloud SQL for PostgreSQL: Zonal - vCPU in Belgium","2026-11-02","24","vCPU-hour","(2.00)",""\n',
    );
    const data = await createCsvCostSource(path).dailyCosts(ALL, 'UTC');
    expect(data.rows).toEqual([
      {
        day: '2026-11-01',
        service: 'Cloud Run',
        project: 'demo-project',
        sku: 'CPU Allocation Time (tier 1)',
        cost: 1205,
        usage: 1010,
        unit: 'vCPU-second',
      },
      {
        day: '2026-11-02',
        service: 'Cloud SQL',
        project: 'demo-project',
        sku: 'Cloud SQL for PostgreSQL: Zonal - vCPU in Belgium',
        cost: -2,
        usage: 24,
        unit: 'vCPU-hour',
      },
    ]);
    expect(data.notes).toEqual([]);
  });

  it('reads the export columns: timestamps counted in the time zone, credits as JSON, the currency', async () => {
    const path = file(
      'export.csv',
      'service.description,sku.description,project.id,usage_start_time,cost,currency,credits\n' +
        'Cloud Run,Requests,p,2026-11-01 22:30:00 UTC,10,EUR,"[{""name"":""Free tier"",""amount"":-1.5},{""name"":""CUD"",""amount"":-0.5}]"\n' +
        'Cloud Run,Requests,p,2026-11-01T23:30:00Z,1,EUR,[]\n' +
        'Cloud Run,Requests,p,2026-11-01T20:00:00-05:00,2,EUR,\n',
    );
    const source = createCsvCostSource(path);
    const berlin = await source.dailyCosts(ALL, 'Europe/Berlin');
    expect(berlin.currency).toBe('EUR');
    expect(berlin.rows.map((r) => [r.day, r.cost])).toEqual([
      ['2026-11-01', 8],
      ['2026-11-02', 3],
    ]);
    const utc = await source.dailyCosts(ALL, 'UTC');
    expect(utc.rows.map((r) => [r.day, r.cost])).toEqual([
      ['2026-11-01', 9],
      ['2026-11-02', 2],
    ]);
    expect((await source.dailyCosts({ from: '2026-11-02', to: '2026-11-02' }, 'UTC')).rows.map((r) => r.cost)).toEqual([
      2,
    ]);
  });

  it('skips unreadable rows and says how many', async () => {
    const path = file(
      'bad-rows.csv',
      'date,service,cost\n2026-11-01,Cloud Run,1\nyesterday,Cloud Run,2\n2026-11-01,Cloud Run,lots\n2026-11-02,Cloud Run,4\n',
    );
    const data = await createCsvCostSource(path).dailyCosts(ALL, 'UTC');
    expect(data.rows.map((r) => r.cost)).toEqual([1, 4]);
    expect(data.notes).toEqual([
      `2 rows of ${path} were skipped: no readable date or cost, or broken quoting (the first on line 3).`,
    ]);
  });

  it('skips a row with broken quoting instead of reading it wrong', async () => {
    const path = file('quotes.csv', 'date,service,cost\n2026-11-01,Cloud Run,1\n2026-11-02,"Run,2\n');
    const data = await createCsvCostSource(path).dailyCosts(ALL, 'UTC');
    expect(data.rows.map((r) => [r.day, r.cost])).toEqual([['2026-11-01', 1]]);
    expect(data.notes).toEqual([
      `1 row of ${path} was skipped: no readable date or cost, or broken quoting (the first on line 3).`,
    ]);
  });

  it('reads the file again when it changes, and not before', async () => {
    const path = file('changing.csv', 'date,service,cost\n2026-11-01,Cloud Run,1\n');
    const source = createCsvCostSource(path);
    expect((await source.dailyCosts(ALL, 'UTC')).rows[0]?.cost).toBe(1);
    appendFileSync(path, '2026-11-01,Cloud Run,2\n');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await source.dailyCosts(ALL, 'UTC')).rows[0]?.cost).toBe(3);
  });

  it.each([
    [
      'a missing file',
      () => join(dir, 'missing.csv'),
      'not_found',
      'does not exist: set cost.source.csv.path in chatops.yml (or COST_CSV_PATH)',
    ],
    ['a folder', () => dir, 'invalid', 'is a folder'],
    ['an empty file', () => file('empty.csv', ''), 'invalid', 'is empty'],
    [
      'no cost column',
      () => file('no-cost.csv', 'date,service,amount_due\n2026-11-01,Run,1\n'),
      'invalid',
      'has no column for cost (one of: unroundedcost, cost, costamount). The header has: date, service, amount_due',
    ],
  ])('explains %s', async (_label, path, code, message) => {
    const error = await portErrorOf(createCsvCostSource(path()).dailyCosts(ALL, 'UTC'));
    expect(error).toBeInstanceOf(PortError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
