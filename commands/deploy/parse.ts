import { clip } from '../../src/domain/format.js';
import { commandWords } from '../shared/tokenize.js';

export type DeployCommand =
  | { kind: 'request'; service: string; environment: string; ref?: string; force?: string }
  | { kind: 'subcommand'; name: 'lock' | 'unlock' | 'history'; args: string[] }
  | { kind: 'promote'; service: string; from: string; to: string; force?: string }
  | { kind: 'invalid'; problem: string };

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const REF = /^[A-Za-z0-9._/-]{1,200}$/;

/** `/deploy <service> <env> [ref] [--force "reason"]`, or a subcommand. */
export function parseDeploy(text: string): DeployCommand {
  const tokens = commandWords(text);
  const [first] = tokens;
  if (first === undefined || first === 'help') return { kind: 'invalid', problem: 'Which service and environment?' };
  if (first === 'lock' || first === 'unlock' || first === 'history')
    return { kind: 'subcommand', name: first, args: tokens.slice(1) };
  const split = splitForce(first === 'promote' ? tokens.slice(1) : tokens);
  if ('problem' in split) return { kind: 'invalid', problem: split.problem };
  if (first === 'promote') return parsePromote(split.positional, split.force);
  const { positional, force } = split;
  const [service, environment, ref, ...extra] = positional;
  if (!service || !environment) return { kind: 'invalid', problem: 'Name the service and the environment.' };
  if (extra.length) return { kind: 'invalid', problem: `Too many arguments: ${clip(extra.join(' '))}.` };
  if (!NAME.test(service)) return { kind: 'invalid', problem: `"${clip(service)}" is not a service name.` };
  if (!NAME.test(environment))
    return { kind: 'invalid', problem: `"${clip(environment)}" is not an environment name.` };
  if (ref !== undefined && !REF.test(ref))
    return { kind: 'invalid', problem: `"${clip(ref)}" is not a branch, tag or commit.` };
  return { kind: 'request', service, environment, ref, force };
}

/** `/deploy promote <service> [from] [to]`: staging → prod unless named. */
function parsePromote(positional: string[], force: string | undefined): DeployCommand {
  const [service, from = 'staging', to = 'prod', ...extra] = positional;
  if (!service)
    return { kind: 'invalid', problem: 'Name the service to promote: /deploy promote <service> [from] [to].' };
  if (extra.length) return { kind: 'invalid', problem: `Too many arguments: ${clip(extra.join(' '))}.` };
  const bad = [service, from, to].find((name) => !NAME.test(name));
  if (bad !== undefined) return { kind: 'invalid', problem: `"${clip(bad)}" is not a service or environment name.` };
  return { kind: 'promote', service, from, to, ...(force !== undefined ? { force } : {}) };
}

/** The words, and `--force "reason"` taken out of them. */
function splitForce(tokens: string[]): { positional: string[]; force?: string } | { problem: string } {
  let force: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token === '--force' || token.startsWith('--force=')) {
      force = token.includes('=') ? token.slice(8) : tokens[++i];
      if (!force || force.startsWith('--'))
        return { problem: '--force needs a reason in quotes: --force "hotfix for the checkout outage".' };
    } else if (token.startsWith('--')) {
      return { problem: `Unknown option ${clip(token)}.` };
    } else positional.push(token);
  }
  return { positional, ...(force !== undefined ? { force } : {}) };
}
