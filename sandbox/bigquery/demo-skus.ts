/**
 * What the demo team pays for, per project: the SKUs of the billing export with a daily cost and a shape over
 * the days (growth, spikes, weekends), so the report has stories to find (demo-billing.ts makes the rows).
 */

export interface Sku {
  service: string;
  serviceId: string;
  sku: string;
  unit: string;
  /** Cost per day in USD, and price per unit. */
  daily: number;
  price: number;
  /** Cost multiplier on day `age` (0 = end day), for growth and spikes. */
  shape?: (age: number, weekday: number) => number;
  credit?: number;
}

const weekdayLoad = (_age: number, weekday: number) => (weekday === 0 || weekday === 6 ? 0.7 : 1.1);
const RUN = { service: 'Cloud Run', serviceId: '152E-C115-5142' };
const SQL = { service: 'Cloud SQL', serviceId: '9662-B51E-5089' };
const FIRESTORE = { service: 'Cloud Firestore', serviceId: 'EE2C-7FAC-5E08' };

export const PRODUCTION_SKUS: Sku[] = [
  {
    ...RUN,
    sku: 'CPU Allocation Time (tier 1)',
    unit: 'vCPU-second',
    daily: 19,
    price: 0.000024,
    shape: (age, wd) => weekdayLoad(age, wd) * (age === 4 || age === 5 ? 3.4 : 1),
    credit: -0.6,
  },
  {
    ...RUN,
    sku: 'Memory Allocation Time (tier 1)',
    unit: 'GiB-second',
    daily: 6,
    price: 0.0000025,
    shape: (age, wd) => weekdayLoad(age, wd) * (age === 4 || age === 5 ? 2.8 : 1),
  },
  { ...RUN, sku: 'Requests (tier 1)', unit: 'requests', daily: 2.2, price: 0.0000004, shape: weekdayLoad },
  { ...RUN, sku: 'Idle Min-Instance CPU Allocation Time (tier 1)', unit: 'vCPU-second', daily: 4.1, price: 0.0000025 },
  {
    ...RUN,
    sku: 'Idle Min-Instance Memory Allocation Time (tier 1)',
    unit: 'GiB-second',
    daily: 1.3,
    price: 0.0000025,
  },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Zonal - vCPU in Belgium', unit: 'vCPU-hour', daily: 27, price: 0.0413 },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Zonal - RAM in Belgium', unit: 'GiB-hour', daily: 9.5, price: 0.007 },
  {
    ...SQL,
    sku: 'Cloud SQL for PostgreSQL: Zonal - Standard storage in Belgium',
    unit: 'GiB-month',
    daily: 2.1,
    price: 0.187,
  },
  {
    ...FIRESTORE,
    sku: 'Cloud Firestore Read Ops',
    unit: 'operations',
    daily: 5.5,
    price: 0.00000036,
    shape: (age) => (age < 14 ? 2.1 : age < 28 ? 1.2 : 1),
  },
  { ...FIRESTORE, sku: 'Cloud Firestore Entity Writes', unit: 'operations', daily: 3.2, price: 0.00000108 },
  { ...FIRESTORE, sku: 'Cloud Firestore Storage', unit: 'GiB-month', daily: 0.9, price: 0.18 },
  {
    service: 'Networking',
    serviceId: 'E505-1604-58F8',
    sku: 'Network Internet Data Transfer Out from EMEA to Americas',
    unit: 'GiB',
    daily: 4.4,
    price: 0.12,
    shape: (age, wd) => weekdayLoad(age, wd) * (age < 14 ? 1.45 : 1),
  },
  { service: 'Cloud Logging', serviceId: '5490-F7B7-8DF6', sku: 'Log Volume', unit: 'GiB', daily: 5.6, price: 0.5 },
  {
    service: 'Cloud Storage',
    serviceId: '95FF-2EF5-5EA1',
    sku: 'Standard Storage Europe Multi-region',
    unit: 'GiB-month',
    daily: 2.3,
    price: 0.026,
  },
  {
    service: 'BigQuery',
    serviceId: '24E6-581D-38E5',
    sku: 'Analysis',
    unit: 'tebibyte',
    daily: 3.1,
    price: 6.25,
    shape: weekdayLoad,
  },
  {
    service: 'Artifact Registry',
    serviceId: '149C-F9EC-3994',
    sku: 'Artifact Registry Storage',
    unit: 'GiB-month',
    daily: 0.8,
    price: 0.1,
  },
];

const STAGING: Sku[] = [
  {
    ...RUN,
    sku: 'CPU Allocation Time (tier 1)',
    unit: 'vCPU-second',
    daily: 5.2,
    price: 0.000024,
    shape: weekdayLoad,
    credit: -0.4,
  },
  {
    ...RUN,
    sku: 'Memory Allocation Time (tier 1)',
    unit: 'GiB-second',
    daily: 1.7,
    price: 0.0000025,
    shape: weekdayLoad,
  },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Regional - vCPU in Belgium', unit: 'vCPU-hour', daily: 8.2, price: 0.0826 },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Regional - RAM in Belgium', unit: 'GiB-hour', daily: 2.8, price: 0.014 },
  { service: 'Cloud Logging', serviceId: '5490-F7B7-8DF6', sku: 'Log Volume', unit: 'GiB', daily: 1.4, price: 0.5 },
];

export const DEMO_PROJECTS: Record<string, Sku[]> = {
  'demo-project': PRODUCTION_SKUS,
  'demo-project-staging': STAGING,
};
