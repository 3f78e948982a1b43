import type { Finding } from '../../domain/audit.js';
import type { ProbeRequest } from '../../ports/security.js';
import type { WorkflowContext } from '../context.js';
import { type CheckOutcome, emptyOutcome, guarded } from './outcome.js';
import type { Released } from './rules-check.js';

/**
 * The dynamic rules check: the released Firestore rules loaded into the emulator, and for each collection the
 * database has, a read and a write by an anonymous client and by another signed-in user. What the rules allow is a
 * finding, with the request and the decision as its evidence.
 */

const PROBES: Omit<ProbeRequest, 'collection'>[] = [
  { who: 'anonymous', operation: 'read' },
  { who: 'anonymous', operation: 'write' },
  { who: 'stranger', operation: 'read' },
  { who: 'stranger', operation: 'write' },
];

export async function probeFindings(ctx: WorkflowContext, project: string, released: Released): Promise<CheckOutcome> {
  const { release, ruleset } = released;
  const database = release.id.split('/')[1] ?? '(default)';
  const check = `probe:${project}:${release.id}`;
  const what = `rules of ${release.id} in ${project}, tried in the Firestore emulator`;
  if (!ctx.security.lab.available)
    return {
      ...emptyOutcome(),
      notChecked: [
        {
          check,
          what,
          reason:
            'no Firestore emulator is configured: set FIRESTORE_RULES_EMULATOR_HOST (gcloud emulators firestore start)',
        },
      ],
    };
  let names: string[] = [];
  const listed = await guarded(
    ctx.log,
    check,
    `the collections of ${project}/${database}`,
    'roles/datastore.viewer',
    async () => {
      names = await ctx.security.catalog.listCollections(project, database);
    },
  );
  if (listed.checked.length === 0) return listed;
  return guarded(ctx.log, check, what, 'roles/firebaserules.viewer', async (out) => {
    const source = ruleset.files.map((f) => f.content).join('\n');
    const requests = names.flatMap((collection) => PROBES.map((p) => ({ ...p, collection })));
    if (requests.length === 0) return;
    for (const result of await ctx.security.lab.probe(source, requests)) {
      if (!result.allowed) continue;
      const severity: Finding['severity'] = result.who === 'anonymous' ? 'critical' : 'high';
      out.findings.push({
        key: `rules-probe:${project}:${release.id}:${result.collection}:${result.who}:${result.operation}`,
        severity,
        check,
        project,
        detail: {
          kind: 'rules-probe',
          probe: {
            release: release.id,
            collection: result.collection,
            who: result.who,
            operation: result.operation,
            request: result.request,
            decision: result.decision,
          },
        },
      });
    }
  });
}
