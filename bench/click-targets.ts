/**
 * HOOK for the button-click rows of `npm run bench`. A feature that posts a message with a button adds one
 * entry here; the bench then sends `seed` through the Slack stand-in, waits for the bot's message with a
 * button whose action_id matches `actionId`, and clicks that button at 200/s for 15 s (the same body goes to
 * the bare app, which acks any action). The first target whose button shows up is measured. While the list is
 * empty, or no seed yields its button, the click rows say "n/a".
 *
 * Pick a button whose repeated clicks are harmless and answered quickly (e.g. a "details" or a second
 * "approve", which the workflow answers with "already approved"), since it is clicked thousands of times.
 */
export interface ClickTarget {
  /** Shown in the table, e.g. "deploy plan: Approve". */
  label: string;
  /** The slash command line that makes the bot post the message, e.g. "/deploy api staging". */
  seed: string;
  /** Channel the seed is typed in (a stand-in channel name). */
  channel: string;
  actionId: string | RegExp;
}

export const CLICK_TARGETS: ClickTarget[] = [
  // The requester clicking Approve on their own prod deploy: acked at once, then refused ("someone else has
  // to approve it") through response_url, with nothing written. Real work on every click, and no side effect.
  {
    label: '`deploy.approve` by the requester (refused)',
    seed: '/deploy api prod',
    channel: 'ops',
    actionId: 'deploy.approve',
  },
];
