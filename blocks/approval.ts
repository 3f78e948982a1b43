import type { ApprovalRequest } from '../src/domain/approval.js';
import type { ApprovalRefusal, RequestFacts, UnknownRequest, UnreachableApprovals } from '../src/domain/refusals.js';
import { actions, button, formatTime, type Block } from './kit.js';

/** A request's approvals against N of M: who approved and when, and while it waits, when it expires. */
export function approvalLine(r: ApprovalRequest, timeZone: string): string {
  const who =
    r.approvals.map((a) => `<@${a.user}> at ${formatTime(new Date(a.at), timeZone)}`).join(', ') || 'none yet';
  const expiry =
    r.status === 'pending' && r.expiresAt ? ` · expires ${formatTime(new Date(r.expiresAt), timeZone)}` : '';
  return `*Approval:* ${r.approvals.length} of ${r.requiredApprovals} required, from ${r.approvers.length} approver(s): ${who}${expiry}`;
}

/** The Approve / Reject pair of a pending request; `actionIds` are the kind's, the value is the request's ID. */
export function approvalButtons(noun: string, id: string, actionIds: { approve: string; reject: string }): Block {
  return actions(
    `${noun}:${id}`,
    button('Approve', actionIds.approve, id, 'primary'),
    button('Reject', actionIds.reject, id, 'danger'),
  );
}

/** How each kind of approval request is named and told; a kind not listed here is named by its name. */
interface RequestWords {
  /** "deploy", "rollback": "This deploy …". */
  one: string;
  /** "Deploys": "Deploys of api prod need 2 approval(s) …". */
  many: string;
  unknown: Record<UnknownRequest, string>;
  /** What a request no longer open is, by its status: "already approved", "finished". */
  status: Record<string, string>;
  expired(r: RequestFacts): string;
  /** After "You are not an approver for". */
  approverOf(r: RequestFacts): string;
}

const where = (r: { service?: string; environment?: string }): string =>
  [r.service, r.environment].filter(Boolean).join(' ');

const WORDS: Record<string, RequestWords> = {
  deploy: {
    one: 'deploy',
    many: 'Deploys',
    unknown: {
      'foreign-id': 'This button does not belong to a deploy the bot knows.',
      gone: 'This deploy no longer exists.',
      'not-waiting': 'This deploy is no longer waiting for approval.',
    },
    status: {
      approved: 'already approved',
      running: 'already rolling out',
      succeeded: 'finished',
      failed: 'finished',
      rolled_back: 'finished',
      rejected: 'rejected',
      expired: 'expired',
    },
    expired: () => 'This deploy request has expired. Request it again with /deploy.',
    approverOf: where,
  },
  rollback: {
    one: 'rollback',
    many: 'Rollbacks',
    unknown: {
      'foreign-id': 'This button does not belong to a rollback request the bot knows.',
      gone: 'This rollback request no longer exists.',
      'not-waiting': 'This rollback is no longer waiting for approval.',
    },
    status: {
      running: 'already approved and rolling back',
      succeeded: 'done',
      failed: 'finished (it failed)',
      rejected: 'rejected',
      expired: 'expired',
    },
    expired: (r) => `This rollback request has expired. Request it again with /rollback ${where(r)}.`,
    approverOf: (r) => `rollbacks of ${where(r)}`,
  },
  restore: {
    one: 'restore',
    many: 'Restores',
    unknown: {
      'foreign-id': 'This button does not belong to a restore request the bot knows.',
      gone: 'This restore request no longer exists.',
      'not-waiting': 'This restore is no longer waiting for approval.',
    },
    status: {
      running: 'already approved and running',
      succeeded: 'done',
      failed: 'finished (it failed)',
      rejected: 'rejected',
      expired: 'expired',
    },
    expired: () => 'This restore request has expired. Request it again with /backup restore.',
    approverOf: () => 'restores (backup.restore.approvers)',
  },
};

function wordsFor(request: string): RequestWords {
  return (
    WORDS[request] ?? {
      one: request,
      many: `${request.charAt(0).toUpperCase()}${request.slice(1)}s`,
      unknown: {
        'foreign-id': `This button does not belong to a ${request} the bot knows.`,
        gone: `This ${request} no longer exists.`,
        'not-waiting': `This ${request} is no longer waiting for approval.`,
      },
      status: {},
      expired: () => `This ${request} request has expired.`,
      approverOf: where,
    }
  );
}

const mentions = (users: string[]): string => users.map((u) => `<@${u}>`).join(', ');

/** Why the approval model said no, in the words of the request's kind. */
export function approvalRefusalText(refusal: ApprovalRefusal | UnreachableApprovals): string {
  const words = wordsFor(refusal.request);
  if (refusal.kind === 'unknown-request') return words.unknown[refusal.why];
  if (refusal.kind === 'unreachable-approvals')
    return `${words.many} of ${refusal.service} ${refusal.environment} need ${refusal.required} approval(s), but only ${refusal.eligible} approver(s) other than you can give one (${mentions(refusal.approvers) || 'none'}). Ask one of them to request it.`;
  const { record: r, to } = refusal;
  switch (refusal.why) {
    case 'closed':
      return `This ${words.one} is ${words.status[r.status] ?? r.status}; ${to === 'approve' ? 'nothing to approve' : 'it can no longer be rejected'}.`;
    case 'expired':
      return words.expired(r);
    case 'not-approver':
      return `You are not an approver for ${words.approverOf(r)}. Approvers: ${mentions(r.approvers) || 'none configured'}.`;
    case 'own-request':
      return `You requested this ${words.one}, so someone else has to approve it.`;
    case 'already-approved':
      return `You have already approved this ${words.one}; your approval counts once.`;
    case 'may-not-reject':
      return `Only an approver, or the person who requested it, can reject this ${words.one}.`;
  }
}
