import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  BlockAction,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger.js';
import { respondTo, responseUrlOf } from './respond.js';

type Handler<Args> = (args: Args & AllMiddlewareArgs) => Promise<unknown>;
type Route = { match: string | RegExp; handler: Handler<never> };

/**
 * What features register on: Bolt's listener methods (the same names, arguments and typed handlers), plus
 * the Web API client. Features never see Bolt's App itself.
 */
export interface Router {
  readonly client: WebClient;
  command(name: string, handler: Handler<SlackCommandMiddlewareArgs>): void;
  action<A extends SlackAction = BlockAction>(
    actionId: string | RegExp,
    handler: Handler<SlackActionMiddlewareArgs<A>>,
  ): void;
  view<V extends SlackViewAction = ViewSubmitAction>(
    callbackId: string | RegExp,
    handler: Handler<SlackViewMiddlewareArgs<V>>,
  ): void;
  event<E extends string>(type: E, handler: Handler<SlackEventMiddlewareArgs<E>>): void;
}

/**
 * One dispatcher as Bolt's last global middleware, instead of a Bolt listener per command, button, modal and
 * event: Bolt runs every listener's matcher chain on every request, so its cost per request grew with each
 * listener a feature added (about twenty). Here a payload is routed by one map lookup. A payload nobody
 * handles (a link button, a command the manifest has and this build does not) is acked and logged, never
 * left for Slack to time out. Handlers get a lighter `respond` (./respond.ts).
 */
export function createRouter(app: App, client: WebClient, log: Logger): Router {
  const kinds = {
    command: new Map<string, Route>(),
    action: new Map<string, Route>(),
    view: new Map<string, Route>(),
    event: new Map<string, Route>(),
  };
  const patterns: Record<keyof typeof kinds, Route[]> = { command: [], action: [], view: [], event: [] };
  const add = (kind: keyof typeof kinds, match: string | RegExp, handler: Handler<never>): void => {
    if (typeof match !== 'string') return void patterns[kind].push({ match, handler });
    if (kinds[kind].has(match)) throw new Error(`two handlers for the ${kind} "${match}"`);
    kinds[kind].set(match, { match, handler });
  };
  const find = (kind: keyof typeof kinds, key: string | undefined): Route | undefined =>
    key === undefined ? undefined : (kinds[kind].get(key) ?? patterns[kind].find((r) => (r.match as RegExp).test(key)));

  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const [kind, key] = routeKey(args);
    const route = kind ? find(kind, key) : undefined;
    if (route) {
      const responseUrl = responseUrlOf(args.body as Parameters<typeof responseUrlOf>[0]);
      if (responseUrl) (args as { respond?: unknown }).respond = respondTo(responseUrl); // this middleware's own copy of the arguments
      return void (await (route.handler as Handler<AnyMiddlewareArgs>)(args));
    }
    log.debug({ kind, key }, 'no handler for this payload; acked');
    await (args as { ack?: () => Promise<void> }).ack?.();
  });

  return {
    client,
    command: (name, handler) => add('command', name, handler as Handler<never>),
    action: (id, handler) => add('action', id, handler as Handler<never>),
    view: (id, handler) => add('view', id, handler as Handler<never>),
    event: (type, handler) => add('event', type, handler as Handler<never>),
  };
}

/** Bolt has already named the payload in the arguments (`command`, `action`, `view`, `event`). */
function routeKey(
  args: AnyMiddlewareArgs,
): [keyof Pick<Router, 'command' | 'action' | 'view' | 'event'> | undefined, string | undefined] {
  if ('command' in args) return ['command', args.command.command];
  if ('action' in args) return ['action', 'action_id' in args.action ? args.action.action_id : undefined];
  if ('view' in args) return ['view', args.body.type === 'view_submission' ? args.view.callback_id : undefined]; // view_closed: no feature asks for it
  if ('event' in args) return ['event', args.event.type];
  return [undefined, undefined];
}
