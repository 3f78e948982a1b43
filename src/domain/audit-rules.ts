import type { FindingDetail, RuleSite, Severity } from './audit.js';

/**
 * Static findings in a Firestore or Storage rules file: an `allow` that is open to everyone (`if true`, no
 * condition) or to any signed-in user (`request.auth != null` alone) on a wildcard match, and the console's
 * test-mode rule `request.time < timestamp.date(…)`, still open or already locked out. A reader of the rules
 * language, not a compiler: it follows `match … {` nesting and `allow …: if …;` statements.
 */

export interface RuleFinding {
  severity: Severity;
  detail: FindingDetail;
}

interface Allow {
  operations: string;
  condition: string;
  line: number;
  match: string;
}

/** The path prefixes every rules file has; a wildcard in them says nothing about the data. */
const ROOTS = [/^\/databases\/\{[^}]+\}\/documents/, /^\/b\/\{[^}]+\}\/o/];

/** Every `allow` with the full match path it sits in. */
export function allowStatements(source: string): Allow[] {
  const text = source.replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length)).replace(/\/\*[\s\S]*?\*\//g, blank);
  const stack: { path: string; depth: number }[] = [];
  const allows: Allow[] = [];
  let depth = 0;
  const token = /match\s+(\/\S+)\s*\{|allow\s+([a-z,\s]+?)\s*(?::\s*if\s+([\s\S]*?))?;|\{|\}/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (m[1] !== undefined) {
      depth += 1;
      stack.push({ path: m[1], depth });
    } else if (m[2] !== undefined) {
      allows.push({
        operations: m[2].replace(/\s+/g, ' ').trim(),
        condition: (m[3] ?? 'true').replace(/\s+/g, ' ').trim(),
        line: text.slice(0, m.index).split('\n').length,
        match: stack.map((s) => s.path).join(''),
      });
    } else if (m[0] === '{') depth += 1;
    else {
      if (stack.at(-1)?.depth === depth) stack.pop();
      depth -= 1;
    }
  }
  return allows;
}

const blank = (c: string): string => c.replace(/[^\n]/g, ' ');

function relativePath(match: string): string {
  for (const root of ROOTS) if (root.test(match)) return match.replace(root, '') || '/';
  return match;
}

const isWildcard = (match: string): boolean => /\{[^}]+\}/.test(relativePath(match));
const OPEN_TO_ANYONE = /^true$/;
const OPEN_TO_SIGNED_IN = /^request\.auth\s*!=\s*null$/;
const TEST_MODE = /^request\.time\s*<\s*timestamp\.date\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/;

export function staticRuleFindings(release: string, file: string, source: string, now: Date): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const allow of allowStatements(source)) {
    const site: RuleSite = { release, file, line: allow.line, match: relativePath(allow.match) };
    const testMode = TEST_MODE.exec(allow.condition);
    if (testMode) {
      const until = new Date(Date.UTC(Number(testMode[1]), Number(testMode[2]) - 1, Number(testMode[3])));
      const days = Math.ceil((until.getTime() - now.getTime()) / 86_400_000);
      const date = until.toISOString().slice(0, 10);
      findings.push(
        days > 0
          ? { severity: 'critical', detail: { kind: 'rules-test-mode', site, until: date, daysLeft: days } }
          : { severity: 'high', detail: { kind: 'rules-expired', site, until: date, daysAgo: -days } },
      );
      continue;
    }
    if (!isWildcard(allow.match)) continue;
    const anyone = OPEN_TO_ANYONE.test(allow.condition);
    if (!anyone && !OPEN_TO_SIGNED_IN.test(allow.condition)) continue;
    const writes = /write|create|update|delete/.test(allow.operations);
    findings.push({
      severity: writes || !anyone ? 'critical' : 'high',
      detail: { kind: 'rules-open', site, condition: allow.condition, operations: allow.operations },
    });
  }
  return findings;
}
