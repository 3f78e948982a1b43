import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBillingRows } from '../../sandbox/bigquery/demo-billing.js';
import { DEMO_BILLING_TABLE } from '../../sandbox/bigquery/demo-setup.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { configWith, expectedTotal, fixedClock, TODAY, usd } from '../cost/support.js';

const QUERIES = 'POST /bigquery/v2/projects/demo-project/queries';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    configPath: configWith(`bigquery: { table: ${DEMO_BILLING_TABLE}, location: EU }`),
    clock: fixedClock(),
  });
  h.bigquery.seed(DEMO_BILLING_TABLE, demoBillingRows({ end: TODAY }));
});
afterAll(async () => {
  await h?.stop();
});

async function cost(text: string) {
  const before = h.slack.messagesIn('costs').length;
  await h.slack.slashCommand({ text, channel: 'costs' });
  return h.slack.waitFor(
    () =>
      h.slack
        .messagesIn('costs')
        .slice(before)
        .find(
          (m) => m.text.startsWith('Cost Analysis Report') || m.text.startsWith('The cost report could not be built'),
        ),
    10_000,
  );
}

describe('/cost from the BigQuery billing export', () => {
  it('reports the same numbers as the CSV, from one parameterised, aggregated query', async () => {
    const queriesBefore = h.bigquery.queries.length;
    const text = textOf(await cost('/cost month'));
    expect(text).toContain('Cost Analysis Report: November 2026 to date (Nov 1–20)');
    expect(text).toContain(`*Spend, Nov 1–20*\n${usd(expectedTotal('2026-11-01', '2026-11-20'))}`);
    expect(text).toContain(`Source: BigQuery table ${DEMO_BILLING_TABLE}`);
    expect(text).toContain(':rotating_light: *Nov 15–16 · Cloud Run*');

    const sent = h.bigquery.queries.slice(queriesBefore);
    expect(sent).toHaveLength(1);
    const [query] = sent;
    expect(query?.params).toEqual({ from: '2026-10-01', to: '2026-11-20', tz: 'Europe/Berlin' });
    expect(query?.sql).toContain(`FROM \`${DEMO_BILLING_TABLE}\``);
    expect(query?.sql).toContain('GROUP BY day, service, project, sku');
    expect(query?.sql).toContain('SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0))');
    expect(query?.sql).toContain('_PARTITIONTIME >= TIMESTAMP(DATE_SUB(@from, INTERVAL 1 DAY))');
    expect(query?.maximumBytesBilled).toBe('50000000000');
    // The job was not complete at first, and its rows came in pages: the client polled and paged.
    expect(
      h.bigquery.requests.filter((r) => r.startsWith('GET /bigquery/v2/projects/demo-project/queries/job_sandbox_'))
        .length,
    ).toBeGreaterThanOrEqual(2);

    // Asked again within minutes, the same report costs no second query.
    expect(textOf(await cost('/cost month --by project'))).toContain('*Cost breakdown by project*');
    expect(h.bigquery.queries.length).toBe(queriesBefore + 1);
  });

  it('names the dataset and the role when the bot may not read the table', async () => {
    const message = `Access Denied: Table demo-project:billing_export.gcp_billing_export_v1_010101_ABCDEF_123456: User does not have permission to query table demo-project:billing_export.gcp_billing_export_v1_010101_ABCDEF_123456, or perhaps it does not exist.`;
    h.bigquery.faults.inject(
      QUERIES,
      {
        kind: 'status',
        status: 403,
        body: {
          error: {
            code: 403,
            message,
            errors: [{ message, domain: 'global', reason: 'accessDenied' }],
            status: 'PERMISSION_DENIED',
          },
        },
      },
      5,
    );
    const reply = await cost('/cost week');
    h.bigquery.faults.clear();
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toContain(
      `BigQuery: The bot may not read BigQuery table ${DEMO_BILLING_TABLE}: grant its service account roles/bigquery.dataViewer on the dataset demo-project:billing_export (and roles/bigquery.jobUser on project demo-project).`,
    );
  });

  it('names the project and the role when the bot may not run jobs', async () => {
    const message =
      'Access Denied: Project demo-project: User does not have bigquery.jobs.create permission in project demo-project.';
    h.bigquery.faults.inject(
      QUERIES,
      {
        kind: 'status',
        status: 403,
        body: {
          error: {
            code: 403,
            message,
            errors: [{ message, domain: 'global', reason: 'accessDenied' }],
            status: 'PERMISSION_DENIED',
          },
        },
      },
      5,
    );
    const reply = await cost('/cost week');
    h.bigquery.faults.clear();
    expect(textOf(reply)).toContain(
      'BigQuery: The bot may not run BigQuery jobs in project demo-project: grant its service account roles/bigquery.jobUser on demo-project.',
    );
  });

  it('names the table and the setting when the table does not exist', async () => {
    const rows = h.bigquery.tables.get(DEMO_BILLING_TABLE)!;
    h.bigquery.tables.delete(DEMO_BILLING_TABLE);
    const reply = await cost('/cost week');
    h.bigquery.tables.set(DEMO_BILLING_TABLE, rows);
    expect(textOf(reply)).toContain(
      `BigQuery table ${DEMO_BILLING_TABLE} was not found in location EU: check cost.source.bigquery.table and .location in chatops.yml`,
    );
  });

  it('retries a 503 and still reports', async () => {
    h.bigquery.faults.inject(QUERIES, { kind: 'status', status: 503 }, 1);
    const text = textOf(await cost('/cost week'));
    expect(text).toContain('Cost Analysis Report: Last 7 days (Nov 13–19)');
  });
});
