import { z } from 'zod';
import { clip } from '../../src/domain/format.js';
import { tokenize } from '../shared/tokenize.js';

export type OpsRequest = { kind: 'help' } | { kind: 'status'; service?: string } | { kind: 'invalid'; problem: string };

const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);

export function parseOps(text: string): OpsRequest {
  const [sub, ...args] = tokenize(text.trim());
  if (sub === undefined || sub === 'help') return { kind: 'help' };
  if (sub === 'status') {
    if (args.length > 1)
      return { kind: 'invalid', problem: `/ops status takes at most one service, got ${args.length}.` };
    if (args[0] === undefined) return { kind: 'status' };
    const service = serviceName.safeParse(args[0].toLowerCase());
    if (!service.success) return { kind: 'invalid', problem: `"${clip(args[0])}" is not a service name.` };
    return { kind: 'status', service: service.data };
  }
  return { kind: 'invalid', problem: `Unknown subcommand "${clip(sub)}".` };
}
