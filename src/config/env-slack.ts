export type SlackMode =
  | { kind: 'sandbox' }
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret?: string };

/** The Slack variables of the environment. */
interface SlackEnv {
  SLACK_BOT_TOKEN?: string | undefined;
  SLACK_APP_TOKEN?: string | undefined;
  SLACK_SIGNING_SECRET?: string | undefined;
}

/** Which Slack mode the tokens set: none is the sandbox; an app token is Socket Mode; a signing secret is HTTP. */
export function slackMode(e: SlackEnv, problems: string[]): SlackMode {
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)
      problems.push(
        'SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (unset all three for the sandbox)',
      );
    return { kind: 'sandbox' };
  }
  if (e.SLACK_APP_TOKEN)
    return {
      kind: 'socket',
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
    };
  if (!e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
    return { kind: 'sandbox' };
  }
  return { kind: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET };
}
