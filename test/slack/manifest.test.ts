import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMANDS } from '../../commands/catalog.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

/** The parts of Slack's app manifest schema we use, with Slack's documented limits. */
const KNOWN_BOT_SCOPES = new Set([
  'commands',
  'chat:write',
  'chat:write.public',
  'channels:read',
  'channels:manage',
  'channels:join',
  'channels:history',
  'groups:read',
  'groups:history',
  'groups:write',
  'pins:write',
  'pins:read',
  'reactions:read',
  'reactions:write',
  'users:read',
  'usergroups:read',
  'files:write',
  'files:read',
  'im:write',
]);
const manifestSchema = z.object({
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean() }).passthrough(),
    bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z
          .object({
            command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
            url: z.url(),
            description: z.string().min(1).max(100),
            usage_hint: z.string().max(1000).optional(),
            should_escape: z.boolean(),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  }),
  oauth_config: z.object({
    scopes: z.object({ bot: z.array(z.string().refine((s) => KNOWN_BOT_SCOPES.has(s), 'unknown scope')) }),
  }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.url(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true), request_url: z.url() }),
    socket_mode_enabled: z.boolean(),
    org_deploy_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(parse(readFileSync('manifest.yml', 'utf8')));
const manifestCommands = manifest.features.slash_commands.map((c) => c.command).sort();

describe('manifest.yml', () => {
  it('is a valid app manifest with interactivity, Socket Mode setting and the events we need', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'reaction_added']);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'reactions:read',
        'usergroups:read',
        'channels:manage',
        'pins:write',
        'files:write',
      ]),
    );
  });

  it('declares exactly the commands the app registers', () => {
    expect(manifestCommands).toEqual(COMMANDS.map((c) => c.command).sort());
    expect(manifestCommands).toEqual(['/audit', '/backup', '/cost', '/deploy', '/incident', '/ops', '/rollback']);
  });
});

describe('every declared command is answered by the running app', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  it.each(manifestCommands)('%s acks within 3 s with a reply', async (command) => {
    const result = await h.slack.slashCommand({ text: command, channel: 'general' });
    expect(result.ok).toBe(true);
    expect(result.elapsedMs).toBeLessThan(3000);
    expect(textOf(h.slack.messagesIn('general').at(-1)).length).toBeGreaterThan(10);
  });
});
