import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenView } from '../../sandbox/slack/workspace.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { ALEX, cardSays, click, requestDeploy, SAM, testConfig } from '../support/deploy-helpers.js';
import { containing, declare, input, lastIn, multi, openView, radio, select, type } from '../incident/helpers.js';

/**
 * Issue 10, part 3: one hostile string through every surface that takes words from people, then every field
 * the bot sent: each message's `text` and every mrkdwn text in its blocks, the modals, channel topics and
 * purposes (Slack stand-in), and the postmortem issue's title and body (GitHub stand-in).
 */
const HOSTILE = '<!channel> <https://evil.example|click> *bold* @org/team #12 <script>';
const ESCAPED = '&lt;!channel&gt; &lt;https://evil.example|click&gt; *bold* @org/team #12 &lt;script&gt;';

let h: Harness;
const views: OpenView[] = [];
const seen = (view: OpenView): OpenView => (views.push(structuredClone(view)), view);

beforeAll(async () => {
  const config = testConfig((y) =>
    y.replace(
      'minApprovals: 1\n        channel: "#deploys"',
      'minApprovals: 1\n        channel: "#deploys"\n        rollback: { requiresApproval: true, approvers: ["@sre-team"], minApprovals: 1 }',
    ),
  );
  h = await startHarness({ configPath: config });
});
afterAll(async () => {
  await h?.stop();
});

/** Every mrkdwn string inside a message's blocks or a view. */
function mrkdwnIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnIn);
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnIn)];
}

/** `<` opens only the bot's own markup: a user or channel mention, a group ping, or a link the bot made. */
function problemsIn(where: string, text: string): string[] {
  const problems: string[] = [];
  if (/<!(channel|here|everyone)/.test(text)) problems.push(`${where}: a live broadcast`);
  if (/<https?:\/\/evil\.example/.test(text)) problems.push(`${where}: a live link to evil.example`);
  for (const m of text.matchAll(/<(?!@[UW][A-Z0-9]+>|#[CG][A-Z0-9]+>|!subteam\^|https?:\/\/(?!evil\.example))/g))
    problems.push(`${where}: raw "${text.slice(m.index, m.index + 30)}"`);
  return problems;
}

describe('hostile text through every surface', () => {
  it("goes out escaped everywhere, and the bot's own mentions still render", async () => {
    // Incident: title (one-line form and the form with impact), update, resolve.
    const { channel: inc } = await declare(h, `P1 api "${HOSTILE}"`, ALEX);
    await type(h, '/incident declare', 'general', SAM);
    const declareForm = seen(await h.slack.waitFor(() => openView(h, SAM, 'incident.declare')));
    await h.slack.submitView({
      viewId: declareForm.id,
      values: {
        title: { title: input(HOSTILE) },
        severity: { severity: radio('P3') },
        services: { services: multi('web') },
        impact: { impact: input(HOSTILE) },
      },
    });
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-2 declared')), 10_000);

    await type(h, '/incident update', inc.id, ALEX);
    const update = seen(await h.slack.waitFor(() => openView(h, ALEX, 'incident.update')));
    await h.slack.submitView({
      viewId: update.id,
      values: {
        status: { status: select('identified') },
        summary: { summary: input(HOSTILE) },
        next: { next: input(HOSTILE) },
      },
    });
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-1 status update')));

    // A P1 on api locks its prod deploys: the refusal quotes the lock, whose reason carries the title.
    await h.slack.slashCommand({ text: '/deploy api prod', channel: 'ops', user: SAM });
    await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.ephemeral && m.visibleTo === SAM && textOf(m).includes('INC-1')),
    );

    // Deploy: --force reason (break-glass); the finished deploy also lands in the incident channel.
    const forced = await requestDeploy(h, `api prod --force "${HOSTILE}"`, ALEX);
    await cardSays(h, forced, /:white_check_mark: \*Deployed\*/, 30_000);
    await h.slack.waitFor(() => lastIn(h, inc.id, containing('Deploy of api to prod')), 10_000);

    // Deploy: reject reason.
    const plan = await requestDeploy(h, 'web prod', ALEX);
    await click(h, plan, 'deploy.reject', SAM);
    const reject = seen(
      await h.slack.waitFor(() =>
        h.slack.workspace.views.find((v) => v.userId === SAM && v.view.callback_id === 'deploy.reject.reason'),
      ),
    );
    await h.slack.submitView({
      viewId: reject.id,
      values: { reason: { reason: { type: 'plain_text_input', value: HOSTILE } } },
      user: SAM,
    });
    await cardSays(h, plan, /Rejected/);

    // Rollback: --reason, on a request that waits for approval.
    await h.slack.slashCommand({ text: `/rollback api prod --reason "${HOSTILE}"`, channel: 'ops', user: ALEX });
    await h.slack.waitFor(
      () => h.slack.workspace.messages.find((m) => m.text.startsWith('Rollback Request:') && !m.threadTs),
      10_000,
    );

    // Lock note.
    await h.slack.slashCommand({ text: `/deploy lock api staging --for 1h "${HOSTILE}"`, channel: 'ops', user: SAM });
    await h.slack.waitFor(() => h.slack.workspace.messages.find((m) => textOf(m).includes('locked *api staging*')));

    // Resolve: summary, root cause, preventive measures, action items; the postmortem goes to GitHub.
    await type(h, '/incident resolve', inc.id, ALEX);
    const resolve = seen(await h.slack.waitFor(() => openView(h, ALEX, 'incident.resolve')));
    const values = Object.fromEntries(
      ['summary', 'rootCause', 'preventive', 'actions'].map((k) => [k, { [k]: input(HOSTILE) }]),
    );
    await h.slack.submitView({ viewId: resolve.id, values });
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-1 resolved')), 10_000);
    await h.slack.waitFor(() => h.github.repo('acme', 'api').issues.length === 1 || undefined, 10_000);
    await type(h, '/incident timeline', inc.id, ALEX);
    await h.slack.waitFor(() => lastIn(h, inc.id, containing('Timeline: INC-1')));

    // Every outgoing Slack field.
    const messages = h.slack.workspace.messages;
    const problems = [
      ...messages.flatMap((m, i) => [
        ...problemsIn(`message ${i} text "${m.text.slice(0, 40)}"`, m.text),
        ...mrkdwnIn(m.blocks).flatMap((t) => problemsIn(`message ${i} block "${t.slice(0, 40)}"`, t)),
      ]),
      ...views.flatMap((v) => mrkdwnIn(v.view).flatMap((t) => problemsIn(`view ${String(v.view.callback_id)}`, t))),
      ...h.slack.workspace.channels.flatMap((c) => [
        ...problemsIn(`#${c.name} topic`, c.topic),
        ...problemsIn(`#${c.name} purpose`, c.purpose),
      ]),
    ];
    expect(problems).toEqual([]);

    // The string did reach each surface, escaped once: in the fallback and in the blocks.
    const fallbackOf = (match: (text: string) => boolean) => messages.filter((m) => match(m.text)).map((m) => m.text);
    for (const [surface, match] of [
      ['announcement', (t: string) => t.includes('INC-1 declared')],
      ['pinned card', (t: string) => t.startsWith('INC-1 P1 ·')],
      ['update broadcast', (t: string) => t.startsWith('INC-1 update')],
      ['resolve notice', (t: string) => t.startsWith('INC-1 resolved')],
      ['postmortem', (t: string) => t.startsWith('Postmortem draft for INC-1')],
    ] as const) {
      expect(fallbackOf(match).length, surface).toBeGreaterThan(0);
      for (const text of fallbackOf(match)) expect(text, surface).toContain(ESCAPED);
    }
    const shown = (match: (text: string) => boolean) =>
      messages
        .filter((m) => match(textOf(m)))
        .map((m) => mrkdwnIn(m.blocks).join('\n'))
        .join('\n');
    expect(shown((t) => t.includes('BREAK-GLASS'))).toContain(ESCAPED); // force reason
    expect(shown((t) => t.includes('*Rejected* by'))).toContain(ESCAPED); // reject reason
    expect(shown((t) => t.startsWith('Rollback Request:'))).toContain(ESCAPED); // rollback reason
    expect(shown((t) => t.includes('locked *api staging*'))).toContain(ESCAPED); // lock note
    expect(shown((t) => t.includes('*What changed:*'))).toContain(ESCAPED);
    expect(shown((t) => t.includes('INC-2 declared'))).toContain(ESCAPED); // impact, from the form
    expect(JSON.stringify(views.find((v) => v.view.callback_id === 'incident.resolve')?.view)).toContain(
      ESCAPED.replaceAll('"', '\\"'),
    );

    // The bot's mentions render: the card names the commander, the refusal the lock's incident.
    expect(messages.some((m) => m.text.includes(`Commander: <@${ALEX}>`))).toBe(true);
    expect(messages.some((m) => textOf(m).includes('&lt;@U'))).toBe(false);

    // GitHub: nobody is pinged, nothing cross-referenced, no HTML.
    const issue = h.github.repo('acme', 'api').issues[0]!;
    for (const [field, text] of [
      ['title', issue.title],
      ['body', issue.body ?? ''],
    ] as const) {
      expect(text, field).not.toMatch(/(^|[^`])@org\/team/);
      expect(text, field).not.toMatch(/(^|[^`])#12\b/);
      expect(text, field).toContain('`@org/team`');
    }
    expect(issue.body).not.toMatch(/<script>|<!channel>|<https:\/\/evil/);
    expect(issue.body).toContain('&lt;script&gt;');
  });
});
