import { isDeepStrictEqual } from 'node:util';
import type { BackupDrill, CollectionCount, DatabaseRef, DrillVerdict, SampleResult } from '../../domain/backup.js';
import type { WorkflowContext } from '../context.js';
import { backupSettings } from './target.js';

export interface Verification {
  counts: CollectionCount[];
  sample: SampleResult;
  verdict: DrillVerdict;
}

/**
 * Reads at a time older than an hour must fall on a whole minute: the minute the snapshot was taken in. A write in
 * that minute before the snapshot is then seen by the source side only.
 */
export function sourceReadTime(snapshotTime: string, now: Date): string {
  const at = Date.parse(snapshotTime);
  if (now.getTime() - at < 3_600_000) return new Date(at).toISOString();
  return new Date(Math.floor(at / 60_000) * 60_000).toISOString();
}

/**
 * Counts every collection group in the restored database, compares the counts with the source read at the
 * backup's snapshot where PITR reaches it (else their sum with the backup's `stats.documentCount`), and compares a
 * sample of documents field by field (with the source at the snapshot; with PITR out of reach, with the live
 * source, which may have changed since: differences then do not fail the drill).
 */
export async function verifyRestore(
  ctx: WorkflowContext,
  drill: BackupDrill,
  restored: DatabaseRef,
): Promise<Verification> {
  const settings = backupSettings(ctx);
  const extra = settings.databases[drill.database]?.collectionGroups ?? [];
  const backup = drill.backup!;
  const source = await ctx.backups.getDatabase(drill.source);
  const covered = !!source?.earliestVersionTime && source.earliestVersionTime <= backup.snapshotTime;
  const readTime = sourceReadTime(backup.snapshotTime, ctx.clock.now());
  const [restoredIds, sourceIds] = await Promise.all([
    ctx.backups.collectionIds(restored),
    covered ? ctx.backups.collectionIds(drill.source) : Promise.resolve([]),
  ]);
  const groups = [...new Set([...restoredIds, ...sourceIds, ...extra])].sort();
  const counts = await Promise.all(
    groups.map(async (collection): Promise<CollectionCount> => {
      const [r, s] = await Promise.all([
        ctx.backups.count(restored, collection),
        covered ? ctx.backups.count(drill.source, collection, readTime) : Promise.resolve(undefined),
      ]);
      return { collection, restored: r, ...(s !== undefined ? { source: s } : {}) };
    }),
  );
  const sample = await compareSample(
    ctx,
    restored,
    drill.source,
    groups,
    settings.drill.sampleSize,
    covered ? readTime : undefined,
  );
  return { counts, sample, verdict: verdictOf(counts, sample, covered, backup.documentCount) };
}

async function compareSample(
  ctx: WorkflowContext,
  restored: DatabaseRef,
  source: DatabaseRef,
  groups: string[],
  size: number,
  readTime: string | undefined,
): Promise<SampleResult> {
  if (size === 0 || groups.length === 0) return { compared: 0, differing: [], against: 'none' };
  const per = Math.max(1, Math.ceil(size / groups.length));
  const picked = (await Promise.all(groups.map((g) => ctx.backups.sample(restored, g, per)))).flat().slice(0, size);
  const originals = await ctx.backups.getDocuments(
    source,
    picked.map((d) => d.path),
    readTime,
  );
  const byPath = new Map(originals.map((d) => [d.path, d.fields]));
  const differing = picked.filter((d) => !byPath.has(d.path) || !isDeepStrictEqual(byPath.get(d.path), d.fields));
  return { compared: picked.length, differing: differing.map((d) => d.path), against: readTime ? 'snapshot' : 'live' };
}

export function verdictOf(
  counts: CollectionCount[],
  sample: SampleResult,
  covered: boolean,
  documentCount: number | undefined,
): DrillVerdict {
  if (covered) {
    const differ = counts.filter((c) => c.source !== c.restored).map((c) => c.collection);
    if (differ.length) return { passed: false, reason: { kind: 'counts-differ', collections: differ } };
  } else if (documentCount !== undefined) {
    const restored = counts.reduce((sum, c) => sum + c.restored, 0);
    if (restored !== documentCount)
      return { passed: false, reason: { kind: 'total-differs', restored, expected: documentCount } };
  }
  if (sample.against === 'snapshot' && sample.differing.length)
    return { passed: false, reason: { kind: 'sample-differs', documents: sample.differing } };
  return {
    passed: true,
    reason: {
      kind: 'verified',
      collections: counts.length,
      sampled: sample.compared,
      against: covered ? 'snapshot' : 'backup-stats',
    },
  };
}
