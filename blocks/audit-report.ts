import {
  type AuditDigest,
  type AuditReport,
  countBySeverity,
  type Finding,
  type NotChecked,
  type RuleChange,
  type Severity,
} from '../src/domain/audit.js';
import { describeFinding } from './audit-findings.js';
import {
  context,
  divider,
  escapeMrkdwn,
  formatTime,
  header,
  message,
  section,
  type Block,
  type Message,
} from './kit.js';

/** The Security Audit Report in runbook order: summary by severity, findings, not checked, rule history. */

const ICON: Record<Severity, string> = {
  critical: ':red_circle: CRITICAL',
  high: ':large_orange_circle: HIGH',
  medium: ':large_yellow_circle: MEDIUM',
  low: ':white_circle: LOW',
};
/** Findings shown in full; the rest are counted (a message holds 50 blocks). */
const MAX_FINDINGS = 20;

export function auditTitle(report: AuditReport): string {
  const c = countBySeverity(report.findings);
  const where = report.projects.join(', ') || 'no project';
  return `Security Audit: ${where} — ${c.critical} critical, ${c.high} high, ${c.medium} medium`;
}

export function renderAuditReport(report: AuditReport, timeZone: string): Message {
  const blocks: Block[] = [header(auditTitle(report)), summary(report)];
  blocks.push(...findingBlocks(report.findings));
  blocks.push(...notCheckedBlocks(report.notChecked));
  blocks.push(...changeBlocks(report.ruleChanges));
  blocks.push(
    context(
      `${report.scope === 'all' ? 'Everything in chatops.yml' : `Service ${report.scope}`} · ${formatTime(new Date(report.at), timeZone)} · secret values are never read or shown`,
    ),
  );
  return message(fallback(report), blocks);
}

/** The weekly digest: what is new and what was resolved since the last audit, then the open findings' summary. */
export function renderAuditDigest(digest: AuditDigest, timeZone: string): Message {
  const { report, opened, resolved } = digest;
  const blocks: Block[] = [header(`Weekly ${auditTitle(report)}`), summary(report)];
  blocks.push(section(`*New since the last audit (${opened.length})*${opened.length ? '' : '\nNone.'}`));
  blocks.push(...findingBlocks(opened, 10));
  blocks.push(
    section(
      `*Resolved since the last audit (${resolved.length})*\n${
        resolved.length
          ? resolved
              .map((f) => `:white_check_mark: ${escapeMrkdwn(describeFinding(f).what)}`)
              .slice(0, 15)
              .join('\n')
          : 'None.'
      }`,
    ),
  );
  blocks.push(...notCheckedBlocks(report.notChecked));
  blocks.push(...changeBlocks(report.ruleChanges));
  blocks.push(
    context(`${formatTime(new Date(report.at), timeZone)} · /audit all shows every open finding with its fix`),
  );
  return message(
    `Weekly security digest: ${opened.length} new, ${resolved.length} resolved. ${fallback(report)}`,
    blocks,
  );
}

function summary(report: AuditReport): Block {
  const c = countBySeverity(report.findings);
  const counts = (['critical', 'high', 'medium', 'low'] as const).map((s) => `${ICON[s]}: *${c[s]}*`).join('   ');
  const checked = `${report.checked.length} check${report.checked.length === 1 ? '' : 's'} ran${report.notChecked.length ? `, ${report.notChecked.length} could not` : ''}`;
  return section(`${counts}\n${checked}`);
}

function findingBlocks(findings: Finding[], max = MAX_FINDINGS): Block[] {
  if (findings.length === 0) return [section(':white_check_mark: No findings.')];
  const shown = findings.slice(0, max).map((f) => {
    const words = describeFinding(f);
    const evidence = words.evidence.map((e) => `> ${escapeMrkdwn(e)}`).join('\n');
    return section(
      `${ICON[f.severity]} · *${escapeMrkdwn(words.what)}*\n*Where:* ${escapeMrkdwn(words.where)}\n*Evidence:*\n${evidence}\n*Fix:* ${words.fix}`,
    );
  });
  const rest = findings.length - shown.length;
  return [
    divider(),
    ...shown,
    ...(rest > 0
      ? [context(`…and ${rest} more (the counts above include them): run /audit <service> to narrow it`)]
      : []),
  ];
}

function notCheckedBlocks(items: NotChecked[]): Block[] {
  if (items.length === 0) return [];
  const lines = items
    .slice(0, 15)
    .map(
      (n) =>
        `:warning: ${escapeMrkdwn(n.what)}: ${escapeMrkdwn(n.reason)}${n.role ? ` → grant the bot's service account *${n.role}*` : ''}`,
    );
  return [divider(), section(`*Not checked*\n${lines.join('\n')}`)];
}

function changeBlocks(changes: RuleChange[]): Block[] {
  return changes
    .slice(0, 3)
    .map((c) =>
      section(
        `*Rules changed since the last audit:* ${escapeMrkdwn(c.release)} in ${escapeMrkdwn(c.project)}, released ${escapeMrkdwn(c.at || 'at an unknown time')}\n\`\`\`${c.diff.join('\n').replaceAll('```', "'''")}\`\`\``,
      ),
    );
}

function fallback(report: AuditReport): string {
  const top = report.findings.slice(0, 3).map((f) => `${f.severity.toUpperCase()}: ${describeFinding(f).what}`);
  return [auditTitle(report), ...top].join('\n');
}

/** A short notice in the digest channel, e.g. why the digest could not be posted. */
export const renderAuditNotice = (text: string): Message => message(text, [section(`:warning: ${escapeMrkdwn(text)}`)]);
