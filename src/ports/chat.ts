import type { Incident } from '../domain/incident.js';

/**
 * What workflows need from the chat platform, in domain words. Rendering and posting reports is the Slack
 * surface's job (commands/ presenters subscribe to workflow events); this port is for the side effects a
 * workflow itself decides on: channels, invitations, pins, user groups.
 */
export interface ChatChannel {
  id: string;
  name: string;
}

export interface Chat {
  /** Resolves approvers/responders: a user group ID (S…) or handle (@sre-team) to its members' user IDs. */
  usergroupMembers(groupIdOrHandle: string): Promise<string[]>;
  /** Creates a public channel; a PortError 'conflict' when the name is taken. */
  createChannel(name: string): Promise<ChatChannel>;
  invite(channelId: string, userIds: string[]): Promise<void>;
  /** The incident channel's topic and purpose, from the incident's facts: the chat platform words them. */
  setIncidentTopic(channelId: string, incident: Incident): Promise<void>;
  setIncidentPurpose(channelId: string, incident: Incident): Promise<void>;
  archive(channelId: string): Promise<void>;
  pin(channelId: string, messageTs: string): Promise<void>;
  permalink(channelId: string, messageTs: string): Promise<string>;
}
