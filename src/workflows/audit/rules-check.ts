import type { Finding, RuleChange } from '../../domain/audit.js';
import { lineDiff } from '../../domain/audit-diff.js';
import { redactSecrets } from '../../domain/audit-literal.js';
import { staticRuleFindings } from '../../domain/audit-rules.js';
import { recordId } from '../../domain/audit.js';
import type { RulesetSource, RulesRelease } from '../../ports/security.js';
import type { WorkflowContext } from '../context.js';
import { AUDIT_RELEASES } from './collections.js';
import { type CheckOutcome, guarded, merge } from './outcome.js';
import { probeFindings } from './rules-probe.js';

/**
 * Firestore and Storage rules of a project: the releases and their rulesets (Firebase Rules API), static findings
 * per file, the rule history against the last audit, and the dynamic probes in the emulator (rules-probe.ts).
 */

export const RULES_ROLE = 'roles/firebaserules.viewer';

export interface Released {
  release: RulesRelease;
  ruleset: RulesetSource;
}

export async function rulesCheck(ctx: WorkflowContext, project: string): Promise<CheckOutcome> {
  let released: Released[] = [];
  const rules = await guarded(
    ctx.log,
    `rules:${project}`,
    `Firestore and Storage rules of ${project}`,
    RULES_ROLE,
    async (out) => {
      const releases = (await ctx.security.rules.listReleases(project)).filter(isRulesRelease);
      released = await Promise.all(
        releases.map(async (release) => ({
          release,
          ruleset: await ctx.security.rules.getRuleset(release.rulesetName),
        })),
      );
      const now = ctx.clock.now();
      for (const { release, ruleset } of released)
        for (const file of ruleset.files)
          for (const found of staticRuleFindings(release.id, file.name, file.content, now))
            out.findings.push(ruleFinding(project, found.severity, found.detail));
      out.ruleChanges.push(...(await history(ctx, project, released)));
    },
  );
  if (rules.checked.length === 0) return rules;
  const probes = await Promise.all(
    released.filter((r) => r.release.id.startsWith('cloud.firestore')).map((r) => probeFindings(ctx, project, r)),
  );
  return merge([rules, ...probes]);
}

const isRulesRelease = (r: RulesRelease): boolean =>
  r.id === 'cloud.firestore' || r.id.startsWith('cloud.firestore/') || r.id.startsWith('firebase.storage/');

function ruleFinding(project: string, severity: Finding['severity'], detail: Finding['detail']): Finding {
  const site = 'site' in detail && 'release' in detail.site ? detail.site : undefined;
  const where = site ? `${site.release}:${site.file}:${site.match}` : '';
  return { key: `${detail.kind}:${project}:${where}`, severity, check: `rules:${project}`, project, detail };
}

/** Releases whose ruleset changed since the last audit: when, and the diff; then remembers what is released now. */
async function history(ctx: WorkflowContext, project: string, released: Released[]): Promise<RuleChange[]> {
  const changes: RuleChange[] = [];
  const now = ctx.clock.now().toISOString();
  for (const { release, ruleset } of released) {
    const id = recordId(`${project}:${release.id}`);
    const seen = await ctx.store.get(AUDIT_RELEASES, id);
    const record = {
      project,
      release: release.id,
      rulesetName: release.rulesetName,
      updateTime: release.updateTime,
      seenAt: now,
    };
    if (!seen) {
      await ctx.store.create(AUDIT_RELEASES, id, record);
      continue;
    }
    if (seen.data.rulesetName === release.rulesetName) continue;
    const before = await ctx.security.rules.getRuleset(seen.data.rulesetName).catch(() => undefined);
    changes.push({
      project,
      release: release.id,
      from: seen.data.rulesetName,
      to: release.rulesetName,
      at: release.updateTime,
      diff: before
        ? lineDiff(joined(before), joined(ruleset)).map(redactSecrets)
        : ['(the previous ruleset could not be read)'],
    });
    await ctx.store.compareAndSet(AUDIT_RELEASES, id, seen.version, record);
  }
  return changes;
}

const joined = (r: RulesetSource): string =>
  r.files.length === 1 ? (r.files[0]?.content ?? '') : r.files.map((f) => `// ${f.name}\n${f.content}`).join('\n');
