import type { Config } from '../src/config/schema.js';
import { activeFreeze, localDate, type CivilDate } from '../src/domain/freeze.js';
import { DEMO_SLOW_BRANCH } from './demo-canaries.js';
import { DEMO_FAILING_BRANCH } from './demo-github.js';
import { addDemoGates, DEMO_GATES_WELCOME } from './demo-gates.js';

/**
 * What `npm start` adds to chatops.example.yml for a newcomer, and only there (the tests load the file as it
 * is): a freeze window on one environment, from today to the end of tomorrow, so a refused deploy can be
 * tried at any hour; and a welcome message in #general naming every demo.
 */
export const DEMO_FREEZE = { service: 'web', environment: 'prod', name: 'Sandbox demo freeze' } as const;

export interface DemoTour {
  welcome: string;
  freezeEndsAt?: Date;
}

/** Adds the demo freeze to `config` (the example, as loaded for this run) and returns the welcome text. */
export function prepareDemoTour(config: Config, now: Date): DemoTour {
  addDemoGates(config);
  const environment = config.services[DEMO_FREEZE.service]?.environments[DEMO_FREEZE.environment];
  if (!environment) return { welcome: welcomeText(config.timezone) };
  const today = localDate(now.getTime(), config.timezone);
  const window = { name: DEMO_FREEZE.name, from: isoDate(today), to: isoDate(nextDay(today)) };
  environment.freezes = [...environment.freezes, window];
  const freezeEndsAt = activeFreeze([window], now, config.timezone)?.endsAt;
  return { welcome: welcomeText(config.timezone, freezeEndsAt), freezeEndsAt };
}

export function welcomeText(timeZone: string, freezeEndsAt?: Date): string {
  const { service, environment, name } = DEMO_FREEZE;
  // The window ends at midnight after its last day: name that day, as people say it.
  const lastDay =
    freezeEndsAt &&
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(
      new Date(freezeEndsAt.getTime() - 60_000),
    );
  const until = lastDay ? ` until the end of ${lastDay} (${timeZone})` : '';
  return [
    ':wave: *Welcome to the ChatOps sandbox.* Slack, GitHub and Cloud Run are local stand-ins with three demo services (api, web, worker); the bot talks to them exactly as to the real ones. Type in any channel; *You are* (top left) switches who you act as.',
    '• `/ops status`: what runs where, and the worker revision that failed to start.',
    '• `/deploy api prod`: a plan card. Switch to *sam* and click *Approve* to watch the canary go 10 % → 50 % → 100 %.',
    `• \`/deploy api staging ${DEMO_FAILING_BRANCH}\`: a commit whose revision passes its health check but answers 12 % of real traffic with 5xx. Watch the canary analysis (Cloud Monitoring metrics, canary against baseline) fail at 10 % and the automatic rollback.`,
    `• \`/deploy api staging ${DEMO_SLOW_BRANCH}\`: a slower but healthy commit: the analysis shows its p95/p99 against the baseline's and passes.`,
    ...(freezeEndsAt
      ? [
          `• \`/deploy ${service} ${environment}\`: refused, because ${service} ${environment} is in the freeze window "${name}"${until}. As *alex* (break-glass) \`/deploy ${service} ${environment} --force "hotfix"\` goes through, loudly.`,
        ]
      : []),
    DEMO_GATES_WELCOME,
    "• `/ops demo alert`: a Cloud Monitoring alert on api arrives at the bot's own POST /hooks/alerts. Its card in #deploys shows the last deploys and Roll back; *Declare incident* from it, then `/ops demo alert resolve <id>` to watch it resolve. `/ops demo budget`: a GCP budget crossing 90% arrives at POST /hooks/budget, as the same card in #costs.",
    '• `/audit`: a security audit of the demo project: Firestore rules left open in test mode, a service anyone can call, a token in a plain env var and a secret not rotated for 200 days, each with its fix.',
    '• *Home* (left, under Apps): your App Home, with the approvals waiting for you, deploys in flight and locks.',
    '• `/backup status`: Firestore backups of `main` (two READY backups, one still CREATING) and `analytics` (its problems, each with the next step). `/backup drill main` restores the newest backup into a drill database, counts and samples it against the source and deletes it: it passes. `/backup drill analytics` fails, naming the collection whose documents went missing. Reports go to #ops.',
    '• `/backup restore main daily-older --to main-restored`: a Restore Request card in #ops that needs two approvals (you cannot approve your own).',
    '• `/incident declare P2 api "Checkout errors"`, `/cost week`, and `/ops help` for everything else.',
  ].join('\n');
}

const isoDate = (d: CivilDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function nextDay(d: CivilDate): CivilDate {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}
