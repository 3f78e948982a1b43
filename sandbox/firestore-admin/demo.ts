import type { FirestoreAdminStandin } from './standin.js';

/**
 * The sandbox's Firestore: project demo-project with two databases.
 * - `(default)` ("main" in chatops.example.yml): users, orders and products, PITR on, a daily and a weekly backup
 *   schedule, two READY backups (about 44 h and 20 h old) and one still CREATING. Its drill passes.
 * - `analytics`: events and sessions, a weekly schedule keeping 3 days, one READY backup 3 days old that lost
 *   three `events` documents. Its status shows problems and its drill fails, naming `events`.
 */

export const DEMO_FIRESTORE_PROJECT = 'demo-project';
export const DEMO_BACKUPS = { older: 'daily-older', newest: 'daily-newest', creating: 'daily-creating' } as const;

const HOUR = 3_600_000;

function docs(collection: string, n: number, make: (i: number) => Record<string, unknown>) {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `${collection}/${collection.slice(0, 1)}${String(i + 1).padStart(3, '0')}`,
      make(i),
    ]),
  );
}

const users = (n: number) =>
  docs('users', n, (i) => ({ name: `User ${i + 1}`, plan: i % 3 ? 'free' : 'pro', active: i % 5 !== 0 }));
const orders = (n: number) =>
  docs('orders', n, (i) => ({
    user: `users/u${String((i % 12) + 1).padStart(3, '0')}`,
    total: 10 + i * 2.5,
    items: [i, i + 1],
  }));
const products = docs('products', 8, (i) => ({
  sku: `SKU-${100 + i}`,
  price: 5 + i,
  tags: { color: i % 2 ? 'red' : 'blue' },
}));

export function seedDemoFirestore(standin: FirestoreAdminStandin, now: Date): FirestoreAdminStandin {
  const t = now.getTime();
  const at = (hoursAgo: number) => new Date(t - hoursAgo * HOUR);
  const p = DEMO_FIRESTORE_PROJECT;
  standin.addDatabase(p, '(default)', {
    pitr: true,
    createdAt: at(24 * 90),
    versions: [
      { at: at(24 * 90), documents: { ...users(10), ...orders(20), ...products } },
      { at: at(30), documents: { ...users(12), ...orders(26), ...products } },
      { at: at(6), documents: { ...users(12), ...orders(31), ...products } },
    ],
  });
  standin
    .addBackup(p, '(default)', { id: DEMO_BACKUPS.older, snapshotTime: at(44), retentionDays: 14 })
    .addBackup(p, '(default)', { id: DEMO_BACKUPS.newest, snapshotTime: at(20), retentionDays: 14 })
    .addBackup(p, '(default)', { id: DEMO_BACKUPS.creating, snapshotTime: at(0.1), state: 'CREATING' })
    .addSchedule({ project: p, database: '(default)', id: 'daily', retentionSeconds: 14 * 86_400 })
    .addSchedule({ project: p, database: '(default)', id: 'weekly', retentionSeconds: 56 * 86_400, weekday: 'SUNDAY' });

  standin.addDatabase(p, 'analytics', {
    pitr: true,
    createdAt: at(24 * 30),
    versions: [
      {
        at: at(24 * 30),
        documents: {
          ...docs('events', 15, (i) => ({ kind: i % 2 ? 'click' : 'view', at: new Date(t - i * HOUR) })),
          ...docs('sessions', 6, (i) => ({ minutes: i * 3 })),
        },
      },
    ],
  });
  standin
    .addBackup(p, 'analytics', { id: 'analytics-weekly', snapshotTime: at(72), retentionDays: 3 })
    .addSchedule({ project: p, database: 'analytics', id: 'weekly', retentionSeconds: 3 * 86_400, weekday: 'MONDAY' });
  standin.corruptBackup('analytics-weekly', 'events', 3);
  return standin;
}
