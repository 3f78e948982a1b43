import { clip } from '../../src/domain/format.js';
import { SEVERITIES, type IncidentRole, type Severity } from '../../src/domain/incident.js';
import { checkTarget, type KnownTargets } from '../../src/workflows/targets.js';
import { decodeSlackEntities } from '../shared/slack-entities.js';
import { straightQuotes, tokenize } from '../shared/tokenize.js';

export type IncidentRequest =
  | { kind: 'help' }
  | { kind: 'declare-form' }
  | { kind: 'declare'; severity: Severity; services: string[]; title: string }
  | { kind: 'update' }
  | { kind: 'resolve' }
  | { kind: 'roles-form' }
  | { kind: 'role'; role: IncidentRole; user: string }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'timeline'; ref?: string }
  | { kind: 'list' }
  | { kind: 'invalid'; problem: string };

/** The subcommands that only make sense inside an incident channel. */
export const CHANNEL_BOUND: ReadonlySet<IncidentRequest['kind']> = new Set([
  'update',
  'resolve',
  'roles-form',
  'role',
  'severity',
]);

export const USAGE = [
  '/incident declare (opens a form)',
  '/incident declare <P0-P3> [service,…] "<title>"',
  '/incident update · /incident resolve (in the incident channel)',
  '/incident role [commander|communications|scribe @user]',
  '/incident severity <P0-P3>',
  '/incident timeline [INC-n]',
  '/incident list',
];

const ROLE_ALIASES: Record<string, IncidentRole> = {
  commander: 'commander',
  ic: 'commander',
  lead: 'commander',
  communications: 'communications',
  comms: 'communications',
  communication: 'communications',
  scribe: 'scribe',
  notes: 'scribe',
};

function severityOf(word: string | undefined): Severity | undefined {
  const upper = word?.toUpperCase().replace(/^SEV-?/, 'P');
  return SEVERITIES.find((s) => s === upper);
}

export function parseIncident(raw: string, services: KnownTargets): IncidentRequest {
  const text = straightQuotes(decodeSlackEntities(raw).trim());
  const [sub = '', ...args] = tokenize(text);
  switch (sub.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'declare':
      return args.length === 0
        ? { kind: 'declare-form' }
        : parseDeclare(text.slice(text.indexOf(sub) + sub.length).trim(), services);
    case 'update':
    case 'resolve':
      return args.length
        ? { kind: 'invalid', problem: `/incident ${sub} takes no arguments; it opens a form.` }
        : { kind: sub.toLowerCase() as 'update' | 'resolve' };
    case 'role':
    case 'roles': {
      if (args.length === 0) return { kind: 'roles-form' };
      const alias = args[0]!.toLowerCase();
      const role = Object.hasOwn(ROLE_ALIASES, alias) ? ROLE_ALIASES[alias] : undefined;
      if (!role)
        return {
          kind: 'invalid',
          problem: `Unknown role "${clip(args[0]!)}". Roles: commander, communications, scribe.`,
        };
      if (args.length !== 2) return { kind: 'invalid', problem: `Name one person: /incident role ${role} @user` };
      return { kind: 'role', role, user: args[1]! };
    }
    case 'severity':
    case 'sev': {
      const severity = severityOf(args[0]);
      if (!severity || args.length !== 1)
        return { kind: 'invalid', problem: `Name the new severity: /incident severity P0, P1, P2 or P3.` };
      return { kind: 'severity', severity };
    }
    case 'timeline':
      return args.length > 1
        ? { kind: 'invalid', problem: '/incident timeline takes at most an incident number.' }
        : { kind: 'timeline', ...(args[0] ? { ref: args[0] } : {}) };
    case 'list':
      return { kind: 'list' };
    default:
      return { kind: 'invalid', problem: `Unknown subcommand "${clip(sub)}".` };
  }
}

/** `P1 api,web "Checkout returns 500"`, `P1 "Checkout returns 500"`, or unquoted: `P1 api Checkout returns 500`. */
function parseDeclare(rest: string, services: KnownTargets): IncidentRequest {
  const [first = '', ...others] = rest.split(/\s+/);
  const severity = severityOf(first);
  if (!severity)
    return {
      kind: 'invalid',
      problem: `The severity comes first: P0, P1, P2 or P3 (got "${clip(first)}"). Or type /incident declare alone for the form.`,
    };
  const afterSeverity = others.join(' ');
  // A quote opens at the start of a word, so the apostrophe in "Can't log in" is not one.
  const quote = /(?:^|\s)(["'])/.exec(afterSeverity);
  let serviceWords: string[];
  let title: string;
  if (quote) {
    const open = quote.index + quote[0].length - 1;
    const close = afterSeverity.lastIndexOf(quote[1]!);
    if (close <= open) return { kind: 'invalid', problem: 'The title has an opening quote but no closing one.' };
    if (afterSeverity.slice(close + 1).trim())
      return {
        kind: 'invalid',
        problem: 'Put the whole title in quotes, at the end: /incident declare P1 api "Checkout returns 500"',
      };
    title = afterSeverity.slice(open + 1, close);
    serviceWords = splitServices(afterSeverity.slice(0, open));
    const problem = serviceWords.map((service) => checkTarget(services, service)).find(Boolean);
    if (problem) return { kind: 'invalid', problem };
  } else {
    const words = afterSeverity.split(/\s+/).filter(Boolean);
    let taken = 0;
    while (taken < words.length && splitServices(words[taken]!).every((s) => Object.hasOwn(services, s))) taken += 1;
    serviceWords = splitServices(words.slice(0, taken).join(' '));
    title = words.slice(taken).join(' ');
  }
  title = title.trim().replace(/\s+/g, ' ');
  if (!title)
    return { kind: 'invalid', problem: 'An incident needs a title: /incident declare P1 api "Checkout returns 500"' };
  if (title.length > 120)
    return { kind: 'invalid', problem: `The title is ${title.length} characters; keep it under 120.` };
  return { kind: 'declare', severity, services: [...new Set(serviceWords)], title };
}

const splitServices = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.toLowerCase())
    .filter(Boolean);
