import { formatMoney, formatPercent, type CostRow, type DayRange, type Opportunity } from '../../domain/cost.js';
import { lastDays, sum, sumUsage } from './table.js';
import {
  MONTH,
  cloudRun,
  cloudSql,
  firestore,
  compute,
  nonProd,
  sqlInstanceSku,
  type Input,
  type Where,
  type Rule,
  monthly,
  projectsOf,
  inProjects,
} from './opportunity-input.js';

/**
 * Optimization opportunities: rules over the billing export's services, SKUs and usage, each with an
 * estimate of monthly savings, a risk and how to act. Windows end on `asOf` (the report's last day with
 * data): costs over the last 28 days, growth as the last 14 days against the 14 before.
 */

const idleMinInstances: Rule = (i) => {
  const where: Where = (r) => cloudRun(r.service) && /idle min.?instance/i.test(r.sku);
  const cost = monthly(i, where);
  if (cost <= 0) return [];
  return [
    {
      rule: 'cloud-run-idle-min-instances',
      title: 'Idle Cloud Run min-instances',
      detail: `${formatMoney(cost, i.currency)} a month pays for min-instances kept warm while idle (${inProjects(projectsOf(i, where))}).`,
      monthlySavings: cost,
      risk: 'medium',
      how: 'Where a cold start is acceptable, `gcloud run services update SERVICE --region REGION --min-instances 0` (or a lower number); keep a minimum only where first-request latency matters.',
    },
  ];
};

const alwaysAllocatedCpu: Rule = (i) => {
  const where: Where = (r) =>
    cloudRun(r.service) && /instance[- ]based|always[- ]?(allocated|on)/i.test(r.sku) && !/idle/i.test(r.sku);
  const cost = monthly(i, where);
  if (cost <= 0) return [];
  return [
    {
      rule: 'cloud-run-always-allocated-cpu',
      title: 'Cloud Run CPU always allocated (instance-based billing)',
      detail: `${formatMoney(cost, i.currency)} a month of instance-based CPU and memory (${inProjects(projectsOf(i, where))}). Request-based billing is cheaper when instances are busy less than about half the time; the estimate assumes 40 %.`,
      monthlySavings: cost * 0.4,
      risk: 'medium',
      how: "Check container instance utilization in the service's metrics; if it is low and the service does no work after responding, `gcloud run services update SERVICE --region REGION --cpu-throttling` (request-based billing).",
    },
  ];
};

const cloudSqlHighAvailabilityOutsideProd: Rule = (i) => {
  const where: Where = (r) =>
    cloudSql(r.service) && /regional|high availability|\bHA\b/i.test(r.sku) && nonProd(r.project);
  const cost = monthly(i, where);
  if (cost <= 0) return [];
  return [
    {
      rule: 'cloud-sql-ha-outside-prod',
      title: 'Highly available Cloud SQL outside production',
      detail: `${formatMoney(cost, i.currency)} a month of regional (HA) Cloud SQL in ${inProjects(projectsOf(i, where))}, which look like non-production projects. A zonal instance costs half.`,
      monthlySavings: cost / 2,
      risk: 'low',
      how: '`gcloud sql instances patch INSTANCE --availability-type=ZONAL` (restarts the instance: a few minutes of downtime).',
    },
  ];
};

/** Per project: Cloud SQL that costs far more than the compute that would use it is oversized, or idle. */
const cloudSqlOversizedOrIdle: Rule = (i) => {
  const projects = projectsOf(i, (r) => cloudSql(r.service) && sqlInstanceSku(r.sku));
  return projects.flatMap((project): Opportunity[] => {
    const mine = (r: CostRow) => (r.project || '(no project)') === project;
    const sql = monthly(i, (r) => mine(r) && cloudSql(r.service) && sqlInstanceSku(r.sku));
    const app = monthly(i, (r) => mine(r) && compute(r.service));
    if (sql < 2 * app || sql <= 0) return [];
    const idle = app < 0.05 * sql;
    const ratio =
      app > 0
        ? ` ${(sql / app).toFixed(1)}× the compute that uses it (${formatMoney(app, i.currency)})`
        : ' with no compute spend beside it';
    return [
      {
        rule: idle ? 'cloud-sql-idle' : 'cloud-sql-oversized',
        title: idle ? `Cloud SQL with nothing using it in ${project}` : `Oversized Cloud SQL in ${project}`,
        detail: `Cloud SQL vCPU and memory cost ${formatMoney(sql, i.currency)} a month,${ratio}.`,
        monthlySavings: idle ? sql * 0.9 : sql / 2,
        risk: 'medium',
        how: idle
          ? '`gcloud sql instances patch INSTANCE --activation-policy=NEVER` stops it (storage is still billed; `ALWAYS` starts it again). Delete it after a final backup if nobody needs it.'
          : `If CPU and memory peaks (Cloud SQL System Insights) stay under 50 %, move one machine size down: \`gcloud sql instances patch INSTANCE --tier=…\` (restarts it). \`gcloud recommender recommendations list --recommender=google.cloudsql.instance.OverprovisionedRecommender --project=${project} --location=REGION\` shows Google's sizing advice.`,
      },
    ];
  });
};

const firestoreReadsOutgrowingWrites: Rule = (i) => {
  const reads: Where = (r) => firestore(r.service) && /read/i.test(r.sku);
  const writes: Where = (r) => firestore(r.service) && /write/i.test(r.sku);
  const amount = (where: Where, range: DayRange) => sumUsage(i.rows, range, where) || sum(i.rows, range, where);
  const [r1, r0, w1, w0] = [
    amount(reads, i.last14),
    amount(reads, i.previous14),
    amount(writes, i.last14),
    amount(writes, i.previous14),
  ];
  if (r0 <= 0 || r1 <= 0) return [];
  const readGrowth = r1 / r0;
  const writeGrowth = w0 > 0 ? w1 / w0 : 1;
  if (readGrowth < 1.5 || readGrowth < 1.5 * writeGrowth) return [];
  const readCost = (sum(i.rows, i.last14, reads) * MONTH) / 14;
  return [
    {
      rule: 'firestore-reads-outgrowing-writes',
      title: 'Firestore reads growing much faster than writes',
      detail: `Reads ${formatPercent(readGrowth - 1, true)} against writes ${formatPercent(writeGrowth - 1, true)} (last 14 days against the 14 before); reads now cost ${formatMoney(readCost, i.currency)} a month. More reads for the same data usually means a missing cache or a listener re-attached too often.`,
      monthlySavings: readCost * (1 - writeGrowth / readGrowth),
      risk: 'low',
      how: 'Find the queries behind the reads (Firestore Query Insights, Key Visualizer); cache hot documents, add limits and pagination, and attach snapshot listeners once rather than per request or render.',
    },
  ];
};

const egressGrowth: Rule = (i) => {
  const where: Where = (r) =>
    /egress|data transfer out|internet data transfer|inter-?region data transfer/i.test(r.sku);
  const [now, before] = [sum(i.rows, i.last14, where), sum(i.rows, i.previous14, where)];
  if (before <= 0 || now < before * 1.3) return [];
  const increase = ((now - before) * MONTH) / 14;
  return [
    {
      rule: 'egress-growth',
      title: 'Network egress growing',
      detail: `Egress ${formatPercent(now / before - 1, true)} in the last 14 days against the 14 before: ${formatMoney(increase, i.currency)} a month more (${inProjects(projectsOf(i, where))}).`,
      monthlySavings: increase,
      risk: 'low',
      how: 'Find which service sends it (the detailed billing export, or VPC flow logs); serve static assets through Cloud CDN, compress responses, and keep traffic between services in one region.',
    },
  ];
};

const logIngestion: Rule = (i) => {
  const where: Where = (r) => /logging/i.test(r.service) || /log (volume|ingestion|storage)/i.test(r.sku);
  const cost = monthly(i, where);
  if (cost <= 0) return [];
  return [
    {
      rule: 'log-ingestion',
      title: 'Cloud Logging ingestion',
      detail: `${formatMoney(cost, i.currency)} a month of log ingestion (${inProjects(projectsOf(i, where))}). Debug lines and health-check request logs are usually most of it; the estimate assumes half can go.`,
      monthlySavings: cost / 2,
      risk: 'low',
      how: "Exclude what nobody reads before it is ingested: `gcloud logging sinks update _Default --add-exclusion=name=drop-debug,filter='severity<INFO'`, and an exclusion for health-check request logs.",
    },
  ];
};

const RULES: Rule[] = [
  idleMinInstances,
  alwaysAllocatedCpu,
  cloudSqlHighAvailabilityOutsideProd,
  cloudSqlOversizedOrIdle,
  firestoreReadsOutgrowingWrites,
  egressGrowth,
  logIngestion,
];

/** Opportunities worth at least `minMonthlySavings`, largest savings first. */
export function findOpportunities(
  rows: CostRow[],
  asOf: string,
  currency: string,
  minMonthlySavings: number,
): Opportunity[] {
  const last14 = lastDays(asOf, 14);
  const input: Input = {
    rows,
    currency,
    recent: lastDays(asOf, 28),
    last14,
    previous14: lastDays(lastDays(asOf, 15).from, 14),
  };
  return RULES.flatMap((rule) => rule(input))
    .filter((o) => o.monthlySavings >= minMonthlySavings && o.monthlySavings > 0)
    .sort((a, b) => b.monthlySavings - a.monthlySavings);
}
