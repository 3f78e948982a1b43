import type { WebClient } from '@slack/web-api';
import type { Message } from '../../blocks/kit.js';
import type { WorkflowContext } from '../../src/workflows/context.js';

interface Presentable {
  message?: { channel: string; ts: string };
}

/**
 * Keeps one message per record in step with it: posted in `channel` on the first change (and remembered on the
 * record), updated in place on every later one, one update at a time per record so an older state never lands last.
 */
export function presentInPlace<T extends Presentable>(
  ctx: WorkflowContext,
  client: WebClient,
  options: {
    load(id: string): Promise<T | null>;
    render(record: T): Message;
    channel: string;
    remember(id: string, message: { channel: string; ts: string }): Promise<void>;
  },
): (id: string) => Promise<void> {
  const queues = new Map<string, Promise<void>>();
  return (id) => {
    const next = (queues.get(id) ?? Promise.resolve())
      .then(async () => {
        const record = await options.load(id);
        if (!record) return;
        if (record.message) {
          await client.chat.update({
            channel: record.message.channel,
            ts: record.message.ts,
            ...options.render(record),
          });
          return;
        }
        const posted = await client.chat.postMessage({ channel: options.channel, ...options.render(record) });
        if (posted.ts) await options.remember(id, { channel: posted.channel ?? options.channel, ts: posted.ts });
      })
      .catch((error: unknown) => ctx.log.warn({ err: error, id }, 'could not post or update the backup message'));
    queues.set(id, next);
    void next.finally(() => queues.get(id) === next && queues.delete(id));
    return next;
  };
}
