import { incidentPurpose, incidentTopic } from '../../../blocks/incident-channel.js';
import { PortError } from '../../../src/domain/errors.js';
import type { Incident } from '../../../src/domain/incident.js';
import type { Chat, ChatChannel } from '../../../src/ports/chat.js';
import { CallLog } from './faults.js';

type Method = keyof Chat;
const BACKEND = 'Slack';

export interface FakeGroup {
  id: string;
  handle: string;
  users: string[];
}

/** The sandbox workspace's group: @sre-team is alex and sam (chatops.example.yml's approvers use it). */
export const SRE_TEAM: FakeGroup = { id: 'S0SRETEAM1', handle: 'sre-team', users: ['U0ALEX0001', 'U0SAM00002'] };

/** Slack's side effects in memory: user groups, channels with their members, topics and pins. */
export class FakeChat implements Chat {
  readonly log = new CallLog<Method>(BACKEND);
  readonly groups: FakeGroup[] = [structuredClone(SRE_TEAM)];
  readonly channels: (ChatChannel & {
    members: string[];
    topic?: string;
    purpose?: string;
    archived: boolean;
    pins: string[];
  })[] = [];

  async usergroupMembers(group: string): Promise<string[]> {
    this.log.enter('usergroupMembers', group);
    const found = this.groups.find((g) => g.id === group || `@${g.handle}` === group);
    if (!found) throw new PortError('not_found', `Slack user group ${group} not found`, BACKEND);
    return [...found.users];
  }

  async createChannel(name: string): Promise<ChatChannel> {
    this.log.enter('createChannel', name);
    if (this.channels.some((c) => c.name === name)) throw new PortError('conflict', `#${name} is taken`, BACKEND);
    const channel = { id: `C${String(this.channels.length + 1).padStart(8, '0')}`, name };
    this.channels.push({ ...channel, members: [], archived: false, pins: [] });
    return channel;
  }

  async invite(channelId: string, userIds: string[]): Promise<void> {
    this.log.enter('invite', channelId, userIds);
    const channel = this.channel(channelId);
    channel.members = [...new Set([...channel.members, ...userIds])];
  }

  /** Worded as the Slack adapter words it, so a test reads the topic a user would see. */
  async setIncidentTopic(channelId: string, incident: Incident): Promise<void> {
    this.log.enter('setIncidentTopic', channelId, incident.id);
    this.channel(channelId).topic = incidentTopic(incident);
  }

  async setIncidentPurpose(channelId: string, incident: Incident): Promise<void> {
    this.log.enter('setIncidentPurpose', channelId, incident.id);
    this.channel(channelId).purpose = incidentPurpose(incident);
  }

  async archive(channelId: string): Promise<void> {
    this.log.enter('archive', channelId);
    this.channel(channelId).archived = true;
  }

  async pin(channelId: string, messageTs: string): Promise<void> {
    this.log.enter('pin', channelId, messageTs);
    this.channel(channelId).pins.push(messageTs);
  }

  async permalink(channelId: string, messageTs: string): Promise<string> {
    this.log.enter('permalink', channelId, messageTs);
    return `https://example.slack.com/archives/${channelId}/p${messageTs.replace('.', '')}`;
  }

  private channel(id: string) {
    const found = this.channels.find((c) => c.id === id);
    if (!found) throw new PortError('not_found', `channel ${id} not found`, BACKEND);
    return found;
  }
}
