import { renderDrillReport } from '../../blocks/backup-drill.js';
import { renderBackupStatus } from '../../blocks/backup-status.js';
import { backupDrillRoute } from '../../src/app/backup-drill-route.js';
import type { Router } from '../../src/app/router.js';
import { cronOf } from '../../src/config/cron.js';
import { attachDrillMessage, driveDrill, getDrill, openDrill, resumeDrills } from '../../src/workflows/backup/drill.js';
import { checkRestore } from '../../src/workflows/backup/restore-request.js';
import { openScheduledDrills } from '../../src/workflows/backup/schedule.js';
import { backupStatus } from '../../src/workflows/backup/status.js';
import { allDatabases, checkDatabase } from '../../src/workflows/backup/target.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { Refusal } from '../../src/workflows/records.js';
import type { Feature, FeatureHost } from '../feature.js';
import { attempt } from '../shared/attempt.js';
import { explain } from '../shared/failure.js';
import { replyVia, respondSafely } from '../shared/reply.js';
import { usageMessage } from '../shared/usage.js';
import { parseBackup } from './parse.js';
import { presentInPlace } from './presenter.js';
import { registerRestoreApprovals, requestAndPost, restoreJobs } from './restore.js';

/** How long the ack may wait for Firestore to check a restore, so a wrong backup or --to is answered in it. */
const CHECK_IN_ACK_MS = 2000;

export const backupFeature: Feature = {
  command: '/backup',
  register({ router, jobs, routes }: FeatureHost, ctx: WorkflowContext) {
    routes.job('/jobs/backup-drill', backupDrillRoute(ctx));
    const settings = ctx.config.backup;
    if (settings) {
      registerRestoreApprovals(router, ctx);
      jobs.every(...restoreJobs(ctx, router.client), {
        name: 'backup.drill.resume',
        run: (now) => resumeDrills(ctx, now, (id) => driveDrill(ctx, id, undefined, { resumed: true })),
        atStart: true,
      });
      presentDrills(router, ctx);
      if (settings.drill.enabled && settings.drill.inProcess)
        jobs.cron({
          name: 'backup-drill',
          schedule: settings.drill.schedule,
          timeZone: ctx.config.timezone,
          run: async (occurrence) => {
            const { opened } = await openScheduledDrills(ctx, occurrence, 'schedule');
            for (const held of opened) void driveDrill(ctx, held.id, held);
            return true;
          },
        });
    }
    registerCommand(router, ctx);
  },
};

function presentDrills(router: Router, ctx: WorkflowContext): void {
  const settings = ctx.config.backup!;
  const present = presentInPlace(ctx, router.client, {
    load: (id) => getDrill(ctx, id),
    render: (d) =>
      renderDrillReport(d, {
        timeZone: ctx.config.timezone,
        owners: settings.owners,
        ...(settings.drill.enabled
          ? { nextDrill: cronOf(settings.drill.schedule, ctx.config.timezone).nextRun(ctx.clock.now()) ?? undefined }
          : {}),
      }),
    channel: settings.channel,
    remember: (id, message) => attachDrillMessage(ctx, id, message),
  });
  ctx.events.on('backup.drill.updated', ({ drillId }) => present(drillId));
}

function registerCommand(router: Router, ctx: WorkflowContext): void {
  router.command('/backup', async ({ command, ack, respond }) => {
    const input = parseBackup(command.text);
    const usage = (problem: string) => ack({ response_type: 'ephemeral', ...usageMessage('/backup', problem) });
    if (typeof input === 'string') return usage(input);
    if (input.kind === 'help')
      return usage('Firestore backups: status, restore drills and restores into a new database.');
    if (!ctx.config.backup)
      return usage('Backups are not configured: add a `backup:` section to chatops.yml (see the README).');
    const problem =
      'database' in input && input.database !== undefined ? checkDatabase(ctx, input.database) : undefined;
    if (problem) return usage(problem);
    const reply = replyVia(respond, ctx.log);
    const channel = ctx.config.backup.channel;

    if (input.kind === 'status') {
      await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Reading backups…' });
      return attempt(ctx, reply, { outcome: 'The backup status could not be read.' }, async () => {
        const statuses = await backupStatus(ctx, input.database);
        await respondSafely(
          respond,
          { response_type: 'in_channel', ...renderBackupStatus(statuses, ctx.config.timezone, ctx.clock.now()) },
          ctx.log,
        );
      });
    }
    if (input.kind === 'drill') {
      const names = input.database ? [input.database] : allDatabases(ctx).map((t) => t.name);
      await ack({
        response_type: 'ephemeral',
        text: `:test_tube: Starting a restore drill of ${names.join(', ')}; the report is posted in ${channel}.`,
      });
      for (const database of names)
        await attempt(ctx, reply, `start the drill of ${database}`, async () => {
          const held = await openDrill(ctx, { database, trigger: 'command', requestedBy: command.user_id });
          if (held) void driveDrill(ctx, held.id, held);
        });
      return;
    }
    // restore: what Firestore must confirm (the backup, the time, a free --to) is answered in the ack when it can be.
    const ask = { ...input, actor: command.user_id };
    // Loading the Firestore clients blocks the event loop for a while: the ack never waits for that (the first
    // /backup of an instance), only for a call of clients already loaded.
    const check = ctx.backups.loaded() ? checkRestore(ctx, ask) : undefined;
    const checked = !check
      ? undefined
      : await Promise.race([
          check.then(
            (from) => ({ from }),
            (error: unknown) => ({ error }),
          ),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CHECK_IN_ACK_MS).unref()),
        ]);
    if (checked && 'error' in checked) {
      if (checked.error instanceof Refusal) return usage(checked.error.message);
      return ack({
        response_type: 'ephemeral',
        text: `:x: The restore was not requested: ${explain(checked.error, ctx)}`,
      });
    }
    await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Requesting the restore…' });
    try {
      const from = checked ? checked.from : await (check ?? checkRestore(ctx, ask));
      await requestAndPost(ctx, router.client, respond, ask, from);
    } catch (error) {
      await reply({ ...usageMessage('/backup', `The restore was not requested: ${explain(error, ctx)}`) });
    }
  });
}
