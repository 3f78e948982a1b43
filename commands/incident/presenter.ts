import { renderIncidentCard } from '../../blocks/incident-card.js';
import { renderAnnouncement } from '../../blocks/incident-messages.js';
import type { Message } from '../../blocks/kit.js';
import type { Incident, TimelineEntry } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { attachMessage } from '../../src/workflows/incident/declare.js';
import { recentDeploys } from '../../src/workflows/incident/deploys.js';
import { liveStatesOf } from '../../src/workflows/deploy/serving.js';
import { getIncident, linkEntry } from '../../src/workflows/incident/repository.js';
import type { SlackClient } from './users.js';

/**
 * The incident feature's Slack side: posts and updates what the workflows decided. Card refreshes of one
 * incident run one after another, so an older state never overwrites a newer one.
 */
export class IncidentPresenter {
  private readonly refreshing = new Map<string, Promise<void>>();
  /** Incidents whose card and announcement this process is posting now. */
  private readonly publishing = new Set<string>();

  constructor(
    readonly client: SlackClient,
    private readonly ctx: WorkflowContext,
  ) {}

  async post(channel: string, body: Message): Promise<{ channel: string; ts: string }> {
    const posted = await this.client.chat.postMessage({
      channel,
      text: body.text,
      blocks: body.blocks,
      unfurl_links: false,
    });
    return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
  }

  /** Posts in the incident channel; the timeline entry gets the message's permalink. */
  async postInIncident(incident: Incident, body: Message, entry?: TimelineEntry | string | null): Promise<void> {
    if (!incident.channelId) return;
    const posted = await this.post(incident.channelId, body);
    if (entry) await linkEntry(this.ctx, typeof entry === 'string' ? entry : entry.id, posted.channel, posted.ts);
  }

  /** Posts in the configured incidents channel; a failure there never stops the incident's own work. */
  async broadcast(body: Message): Promise<{ channel: string; ts: string } | undefined> {
    try {
      return await this.post(this.ctx.config.channels.incidents, body);
    } catch (error) {
      this.ctx.log.error(
        { err: error, channel: this.ctx.config.channels.incidents },
        'could not post in the incidents channel',
      );
      return undefined;
    }
  }

  async ephemeral(channel: string, user: string, body: Message): Promise<void> {
    try {
      await this.client.chat.postEphemeral({ channel, user, text: body.text, blocks: body.blocks });
    } catch (error) {
      this.ctx.log.warn({ err: error, channel }, 'could not answer with an ephemeral message');
    }
  }

  async card(incident: Incident): Promise<Message> {
    const [deploys, live] = await Promise.all([
      recentDeploys(this.ctx, incident.services).catch((error: unknown) => {
        this.ctx.log.warn({ err: error }, 'could not read recent deploys for the incident card');
        return [];
      }),
      liveStatesOf(this.ctx, incident.services, 'prod').catch(() => []),
    ]);
    const locked = incident.locks.map((id) => id.split('.')[0] ?? id);
    return renderIncidentCard({
      incident,
      deploys,
      live,
      timeZone: this.ctx.config.timezone,
      now: this.ctx.clock.now(),
      locked,
    });
  }

  isPublishing(incidentId: string): boolean {
    return this.publishing.has(incidentId);
  }

  /** Posts the card in the new channel and pins it, then announces the incident with a link. */
  async publish(incident: Incident): Promise<Incident> {
    this.publishing.add(incident.id);
    try {
      return await this.postCardAndAnnouncement(incident);
    } finally {
      this.publishing.delete(incident.id);
    }
  }

  private async postCardAndAnnouncement(incident: Incident): Promise<Incident> {
    let current = incident;
    if (current.channelId && !current.card) {
      const posted = await this.post(current.channelId, await this.card(current));
      current = await attachMessage(this.ctx, current.id, 'card', posted.channel, posted.ts);
    }
    if (!current.announcement) {
      const posted = await this.broadcast(renderAnnouncement(current, this.ctx.config.timezone));
      if (posted) current = await attachMessage(this.ctx, current.id, 'announcement', posted.channel, posted.ts);
    }
    await this.refreshCard(current.id);
    return current;
  }

  refreshCard(incidentId: string): Promise<void> {
    const previous = this.refreshing.get(incidentId) ?? Promise.resolve();
    const next = previous
      .then(() => this.updateCard(incidentId))
      .catch((error: unknown) => this.ctx.log.warn({ err: error, incidentId }, 'could not update the incident card'))
      .finally(() => {
        if (this.refreshing.get(incidentId) === next) this.refreshing.delete(incidentId);
      });
    this.refreshing.set(incidentId, next);
    return next;
  }

  private async updateCard(incidentId: string): Promise<void> {
    const incident = await getIncident(this.ctx, incidentId);
    if (!incident.card) return;
    const body = await this.card(incident);
    await this.client.chat.update({
      channel: incident.card.channel,
      ts: incident.card.ts,
      text: body.text,
      blocks: body.blocks,
    });
  }
}
