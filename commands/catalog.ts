/** Every slash command the app answers, with its usage. manifest.yml must declare exactly these (a test checks). */
export interface CommandSpec {
  command: string;
  description: string;
  usage: string[];
}

export const COMMANDS: CommandSpec[] = [
  {
    command: '/ops',
    description: 'Service status and help',
    usage: [
      '/ops status [service]',
      '/ops help',
      '/ops demo alert [resolve <id>] (sandbox)',
      '/ops demo budget (sandbox)',
    ],
  },
  {
    command: '/deploy',
    description: 'Plan, approve and roll out a deploy',
    usage: [
      '/deploy <service> <env> [ref]',
      '/deploy promote <service> [from] [to]',
      '/deploy lock <service> <env> [--for 2h] [reason]',
      '/deploy unlock <service> <env>',
      '/deploy history <service> [env]',
    ],
  },
  {
    command: '/rollback',
    description: 'Send traffic back to the last good revision',
    usage: ['/rollback <service> <env> [revision|ref] [--reason "why"]'],
  },
  {
    command: '/incident',
    description: 'Declare and run an incident',
    usage: [
      '/incident declare [P0-P3 service "title"]',
      '/incident update|resolve|timeline|list',
      '/incident role <commander|communications|scribe> @user',
      '/incident severity <P0-P3>',
    ],
  },
  {
    command: '/cost',
    description: 'Cost report against the budget',
    usage: ['/cost [week|month|last-month|YYYY-MM-DD..YYYY-MM-DD] [--by service|project|sku]'],
  },
  {
    command: '/backup',
    description: 'Firestore backups, restore drills and restores',
    usage: [
      '/backup status [database]',
      '/backup drill [database]',
      '/backup restore <database> [backup | --at <time>] --to <new-database-id> [--force "reason"]',
    ],
  },
  {
    command: '/audit',
    description: 'Security audit of rules, services, secrets and config',
    usage: ['/audit [service|all]'],
  },
];
