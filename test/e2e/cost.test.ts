import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { demoCsv, expectedTotal, fixedClock, usd } from '../cost/support.js';

const SAM = 'U0SAM00002';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { COST_CSV_PATH: await demoCsv() }, clock: fixedClock() });
  // A prod deploy of api on the morning the Cloud Run spike starts (Nov 15), and one long before that lines up with nothing.
  const deploy: Deployment = {
    id: 'd-cost-1',
    service: 'api',
    environment: 'prod',
    ref: 'main',
    sha: 'c0ffee1234567890',
    status: 'succeeded',
    requestedBy: SAM,
    requestedAt: '2026-11-15T08:55:00.000Z',
    startedAt: '2026-11-15T09:00:00.000Z',
    strategy: 'cloud-run',
    approvers: [],
    requiredApprovals: 0,
    approvals: [],
    steps: [],
  };
  await h.bot.store.create(DEPLOYMENTS, deploy.id, deploy);
  await h.bot.store.create(DEPLOYMENTS, 'd-cost-0', {
    ...deploy,
    id: 'd-cost-0',
    sha: 'beef000000000000',
    requestedAt: '2026-11-02T08:00:00.000Z',
    startedAt: '2026-11-02T08:01:00.000Z',
  });
});
afterAll(async () => {
  await h?.stop();
});

async function costReport(text: string, channel = 'costs') {
  const before = h.slack.messagesIn(channel).length;
  const result = await h.slack.slashCommand({ text, channel });
  expect(result.status).toBe(200);
  expect(result.elapsedMs).toBeLessThan(3000);
  const fresh = () => h.slack.messagesIn(channel).slice(before);
  const report = await h.slack.waitFor(
    () => fresh().find((m) => m.text.startsWith('Cost Analysis Report') && !m.ephemeral),
    10_000,
  );
  await h.slack.waitFor(() => fresh().find((m) => m.files?.length)); // the chart comes last
  return { report, text: textOf(report), fresh };
}

describe('/cost month', () => {
  let text: string;
  let fresh: () => ReturnType<Harness['slack']['messagesIn']>;
  beforeAll(async () => {
    ({ text, fresh } = await costReport('/cost month'));
  });

  it('acks at once, visibly to the caller only, and posts the report in the channel', () => {
    const ack = fresh().find((m) => m.ephemeral);
    expect(ack?.text).toContain('Building the cost report for November 2026 to date (Nov 1–20)');
    expect(text).toContain('Cost Analysis Report: November 2026 to date (Nov 1–20)');
  });

  it('shows spend, month to date, the budget, the gap and the forecast', () => {
    const spend = expectedTotal('2026-11-01', '2026-11-20');
    expect(text).toContain(`*Spend, Nov 1–20*\n${usd(spend)}`);
    expect(text).toContain(
      `*Month to date (Nov 1–20)*\n${usd(spend)} · ${((spend / 4000) * 100).toFixed(1)}% of budget`,
    );
    expect(text).toContain('*Monthly budget*\n$4,000.00');
    // The run rate is the average of the 7 complete days before today; today counts as a day left.
    const rate = expectedTotal('2026-11-13', '2026-11-19') / 7;
    const forecast = expectedTotal('2026-11-01', '2026-11-19') + rate * 11;
    expect(text).toContain(`*Forecast for Nov 30*\n${usd(forecast)}`);
    expect(text).toContain(`forecast ${usd(4000 - forecast)} under`);
    expect(text).toContain(`${usd(rate)}/day (the average of the 7 days to Nov 19) × 11 days left`);
  });

  it('breaks spend down by service with shares, largest first, the rest folded into other', () => {
    const total = expectedTotal('2026-11-01', '2026-11-20');
    const sql = expectedTotal('2026-11-01', '2026-11-20', { where: (r) => r.service === 'Cloud SQL' });
    expect(text).toContain(`*Cloud SQL* ${usd(sql)} · ${((sql / total) * 100).toFixed(1)}%`);
    const lines = text.split('\n');
    const start = lines.indexOf('*Cost breakdown by service*');
    expect(lines[start + 1]).toContain('*Cloud SQL*');
    expect(lines[start + 2]).toContain('*Cloud Run*');
    expect(lines.slice(start, start + 8).join('\n')).toMatch(/_other \(3 more\)_/);
  });

  it('compares with the same days of the previous month and names the top movers', () => {
    const before = expectedTotal('2026-10-01', '2026-10-20');
    expect(text).toContain(`*Change against Oct 1–20* (${usd(before)} → `);
    expect(text).toMatch(/:arrow_up_small: \*Cloud Run\* \+\$[\d,.]+ \(\+\d+\.\d%\)/);
    expect(text).toMatch(/:arrow_up_small: \*Cloud Firestore\*/);
  });

  it('finds the Cloud Run spike, says how, and lines up the deploy of that morning', () => {
    expect(text).toMatch(
      /:rotating_light: \*Nov 15–16 · Cloud Run\*: \$[\d,.]+ on Nov 16, \$[\d,.]+ above its baseline of \$[\d,.]+\/day/,
    );
    expect(text).toContain(
      'lines up with deploy `c0ffee1` of api to prod by <@U0SAM00002> at 2026-11-15 10:00 Europe/Berlin (succeeded)',
    );
    expect(text).not.toContain('beef000');
    expect(text).toContain('median + 3·MAD (scaled ×1.4826) of the trailing 28 days');
  });

  it('lists optimization opportunities with savings, risk and how, and a prioritised list of actions', () => {
    for (const title of [
      'Idle Cloud Run min-instances',
      'Highly available Cloud SQL outside production',
      'Firestore reads growing much faster than writes',
      'Network egress growing',
      'Cloud Logging ingestion',
    ]) {
      expect(text).toMatch(
        new RegExp(`\\*${title}\\* · saves ~\\$[\\d,.]+/month · :large_(green|yellow)_circle: (low|medium) risk`),
      );
    }
    expect(text).toContain('*How:* `gcloud sql instances patch INSTANCE --availability-type=ZONAL`');
    expect(text).toMatch(
      /\*Recommended actions\*\n1\. Check deploy `c0ffee1` of api to prod: it lines up with Cloud Run .*`\/rollback api prod`/,
    );
  });

  it('uploads a PNG chart of daily spend over 28 days by top services below the report', async () => {
    const chart = await h.slack.waitFor(() => fresh().find((m) => m.files?.length));
    const ref = chart.files![0]!;
    expect(ref.title).toBe('Daily spend by service, Oct 24 – Nov 20 (USD)');
    expect(ref.mimetype).toBe('image/png');
    const bytes = h.slack.workspace.files.get(ref.id)!.bytes;
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1000, 520]);
    const page = await fetch(`${h.botUrl}${ref.url}`);
    expect(page.headers.get('content-type')).toBe('image/png');
  });
});

describe('/cost periods and groupings', () => {
  it('week --by sku: the last 7 complete days, by SKU', async () => {
    const { text } = await costReport('/cost week --by sku');
    expect(text).toContain('Cost Analysis Report: Last 7 days (Nov 13–19)');
    expect(text).toContain(`*Spend, Nov 13–19*\n${usd(expectedTotal('2026-11-13', '2026-11-19'))}`);
    expect(text).toContain('*Cost breakdown by SKU*');
    expect(text).toContain('*Cloud Run · CPU Allocation Time (tier 1)*');
    expect(text).toContain('*Change against Nov 6–12*');
  });

  it('last-month --by project: October, against September', async () => {
    const { text } = await costReport('/cost last-month --by=project');
    expect(text).toContain('Cost Analysis Report: October 2026');
    expect(text).toContain(
      `*demo-project* ${usd(expectedTotal('2026-10-01', '2026-10-31', { where: (r) => r.project === 'demo-project' }))}`,
    );
    expect(text).toContain('*Change against September 2026*');
    expect(text).toContain('*Anomalies*\nNone in Oct 1–31.');
  });

  it('a date range, against the same number of days before it', async () => {
    const { text } = await costReport('/cost 2026-11-10..2026-11-16');
    expect(text).toContain('Cost Analysis Report: Nov 10–16');
    expect(text).toContain(`*Spend, Nov 10–16*\n${usd(expectedTotal('2026-11-10', '2026-11-16'))}`);
    expect(text).toContain('*Change against Nov 3–9*');
  });
});

describe('bad input', () => {
  it.each([
    ['/cost yesterday', 'Unknown period "yesterday": use week, month, last-month or a range YYYY-MM-DD..YYYY-MM-DD.'],
    ['/cost 2026-11-10..2026-11-01', 'The range ends (2026-11-01) before it starts (2026-11-10).'],
    ['/cost 2026-02-30..2026-03-02', '"2026-02-30" is not a date (expected YYYY-MM-DD).'],
    ['/cost 2026-11-01..2026-12-01', 'The range ends in the future (2026-12-01; today is 2026-11-20).'],
    ['/cost 2025-01-01..2026-11-01', 'The range is 670 days long; the most is 366.'],
    ['/cost 11/01..11/20', 'Unknown period "11/01..11/20"'],
    ['/cost month --by region', 'Cannot group by "region": use service, project or sku.'],
    ['/cost month week', 'One period at a time: got "week" after another.'],
    ['/cost --since 2026-01-01', 'Unknown option "--since".'],
  ])('%s gets an ephemeral usage message', async (command, problem) => {
    const before = h.slack.messagesIn('costs').length;
    const result = await h.slack.slashCommand({ text: command, channel: 'costs', user: SAM });
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3000);
    const replies = h.slack.messagesIn('costs').slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.ephemeral).toBe(true);
    expect(replies[0]?.visibleTo).toBe(SAM);
    expect(textOf(replies[0])).toContain(problem);
    expect(textOf(replies[0])).toContain(
      '/cost [week|month|last-month|YYYY-MM-DD..YYYY-MM-DD] [--by service|project|sku]',
    );
  });
});

describe('a cost source that fails', () => {
  it('says which file and which setting, visibly to the caller only, with no stack trace', async () => {
    const broken = await startHarness({
      env: { COST_CSV_PATH: '/nonexistent/billing-export.csv' },
      clock: fixedClock(),
    });
    try {
      await broken.slack.slashCommand({ text: '/cost month', channel: 'costs' });
      const reply = await broken.slack.waitFor(() =>
        broken.slack.messagesIn('costs').find((m) => m.text.startsWith('The cost report could not be built')),
      );
      expect(reply.ephemeral).toBe(true);
      expect(textOf(reply)).toContain(
        'The billing CSV /nonexistent/billing-export.csv does not exist: set cost.source.csv.path in chatops.yml (or COST_CSV_PATH)',
      );
      expect(textOf(reply)).not.toMatch(/at \w+ \(/);
      expect(broken.slack.messagesIn('costs').filter((m) => !m.ephemeral)).toEqual([]);
    } finally {
      await broken.stop();
    }
  });
});
