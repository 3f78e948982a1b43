/**
 * The product's entry (`dist/bundle/main.js`, what the Dockerfile and Cloud Run run): the bot against real Slack.
 * It imports nothing of the sandbox; the sandbox has an entry of its own (sandbox/main.ts), which `npm start` runs.
 */
import { runCli } from './cli.js';
import { exitOnFailure } from './run-bot.js';

runCli(process.argv).catch(exitOnFailure);
