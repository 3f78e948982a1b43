/**
 * The baseline of `npm run bench`: a bare Bolt app in HTTP mode that acks a slash command (and any button
 * click) and does nothing else. Same Bolt, same receiver, same Slack stand-in as the bot; the difference
 * between the two is what the bot itself costs. Started as `node dist/bench/bare-app.js`.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const env = process.env;
const receiver = new HTTPReceiver({ signingSecret: env.SLACK_SIGNING_SECRET ?? '', logLevel: LogLevel.WARN });
const app = new App({
  token: env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: env.SLACK_API_URL },
});

app.command(/.*/, async ({ ack }) => ack({ response_type: 'ephemeral', text: 'ok' }));
app.action(/.*/, async ({ ack }) => ack());

await app.start(Number(env.PORT ?? 3000));
process.once('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
