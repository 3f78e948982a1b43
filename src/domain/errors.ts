/**
 * Errors that cross the port boundary. Adapters translate vendor errors into these codes so that
 * workflows and commands can answer the user without knowing which vendor failed.
 */
export type PortErrorCode =
  | 'not_found'
  | 'permission_denied'
  | 'unauthenticated'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable'
  | 'invalid'
  | 'conflict';

export class PortError extends Error {
  constructor(
    readonly code: PortErrorCode,
    message: string,
    /** Which backend failed, in words a user knows: "Cloud Run", "GitHub", "Firestore". */
    readonly backend: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'PortError';
  }
}

export const isPortError = (error: unknown): error is PortError => error instanceof PortError;
