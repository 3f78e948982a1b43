import { z } from 'zod';
import { clip } from '../../src/domain/format.js';
import { commandWords } from '../shared/tokenize.js';

export type OpsRequest =
  | { kind: 'help' }
  | { kind: 'status'; service?: string }
  | { kind: 'demo-alert'; state: 'open' }
  | { kind: 'demo-alert'; state: 'closed'; id: string }
  | { kind: 'demo-budget' }
  | { kind: 'invalid'; problem: string };

const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);

export function parseOps(text: string): OpsRequest {
  const [sub, ...args] = commandWords(text);
  if (sub === undefined || sub === 'help') return { kind: 'help' };
  if (sub === 'status') {
    if (args.length > 1)
      return { kind: 'invalid', problem: `/ops status takes at most one service, got ${args.length}.` };
    if (args[0] === undefined) return { kind: 'status' };
    const service = serviceName.safeParse(args[0].toLowerCase());
    if (!service.success) return { kind: 'invalid', problem: `"${clip(args[0])}" is not a service name.` };
    return { kind: 'status', service: service.data };
  }
  if (sub === 'demo') return parseDemo(args);
  return { kind: 'invalid', problem: `Unknown subcommand "${clip(sub)}".` };
}

/** `demo alert` fires a sandbox alert; `demo alert resolve <id>` closes it; `demo budget` crosses a budget. */
function parseDemo(args: string[]): OpsRequest {
  const [what, verb, id, ...extra] = args;
  if (what === 'budget' && verb === undefined) return { kind: 'demo-budget' };
  if (what !== 'alert') return { kind: 'invalid', problem: 'Try `/ops demo alert` or `/ops demo budget`.' };
  if (verb === undefined) return { kind: 'demo-alert', state: 'open' };
  if (verb !== 'resolve' || !id || extra.length || !/^[A-Za-z0-9._-]{1,80}$/.test(id))
    return {
      kind: 'invalid',
      problem: 'Try `/ops demo alert`, then `/ops demo alert resolve <id>` with the ID it names.',
    };
  return { kind: 'demo-alert', state: 'closed', id };
}
