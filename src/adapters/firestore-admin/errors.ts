import { MissingRole } from '../../domain/backup.js';
import { PortError } from '../../domain/errors.js';
import { codeOf, factsOf } from '../shared/google-error-facts.js';

/** What the bot was doing, in words, and the role that allows it (README: "IAM roles"). */
export type Action =
  | 'read the database'
  | 'list backup schedules'
  | 'list backups'
  | 'restore a backup'
  | 'clone the database'
  | 'read the restore operation'
  | 'delete the drill database'
  | 'read documents';

export const BACKEND = 'Firestore';

const ROLE_BY_ACTION: Record<Action, string> = {
  'read the database': 'roles/datastore.viewer',
  'list backup schedules': 'roles/datastore.backupSchedulesViewer',
  'list backups': 'roles/datastore.backupsViewer',
  'restore a backup': 'roles/datastore.restoreAdmin',
  'clone the database': 'roles/datastore.cloneAdmin',
  'read the restore operation': 'roles/datastore.restoreAdmin',
  'delete the drill database': 'roles/datastore.owner (or a custom role with datastore.databases.delete)',
  'read documents': 'roles/datastore.viewer',
};

/** The role that grants the permission Firestore named, else the one the action needs. */
export function roleFor(permission: string | undefined, action: Action): string {
  if (permission?.startsWith('datastore.backupSchedules.')) return 'roles/datastore.backupSchedulesViewer';
  if (permission === 'datastore.backups.restoreDatabase') return 'roles/datastore.restoreAdmin';
  if (permission?.startsWith('datastore.backups.')) return 'roles/datastore.backupsViewer';
  if (permission === 'datastore.databases.clone') return 'roles/datastore.cloneAdmin';
  if (permission === 'datastore.databases.delete') return ROLE_BY_ACTION['delete the drill database'];
  return ROLE_BY_ACTION[action];
}

/** A PortError a user can act on; a missing permission names the role (PortError.message ends with it). */
export function toPortError(error: unknown, action: Action, what: string): PortError {
  if (error instanceof PortError) return error;
  const f = factsOf(error);
  const code = codeOf(f);
  switch (code) {
    case 'permission_denied': {
      const permission = /Permission '([^']+)'/.exec(f.message)?.[1];
      const role = roleFor(permission, action);
      return new MissingRole(
        role,
        `The bot may not ${action} (${what}): grant its service account ${role}${permission ? ` (permission ${permission})` : ''}`,
        BACKEND,
      );
    }
    case 'not_found':
      return new PortError(code, `${what} not found`, BACKEND);
    case 'unauthenticated':
      return new PortError(code, `Firestore rejected the bot's Google credentials: ${f.message}`, BACKEND);
    case 'invalid':
    case 'conflict':
      return new PortError(code, `Firestore refused to ${action} (${what}): ${f.message}`, BACKEND);
    case 'timeout':
      return new PortError(code, `Firestore did not answer in time while trying to ${action} (${what})`, BACKEND);
    case 'rate_limited':
      return new PortError(code, `Firestore API quota exceeded while trying to ${action}`, BACKEND, f.retryAfter);
    default:
      return new PortError(
        'unavailable',
        `Firestore is unavailable${f.http ? ` (HTTP ${f.http})` : f.networkCode ? ` (${f.networkCode})` : ''} while trying to ${action}; try again in a minute`,
        BACKEND,
        f.retryAfter,
      );
  }
}
