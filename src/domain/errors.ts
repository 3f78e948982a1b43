/**
 * The failure vocabulary. A workflow that will not do what was asked throws a `Refusal` of a kind; a backend that
 * failed is a `PortError` (adapters translate vendor errors into its codes), so workflows and commands answer the
 * user without knowing which vendor failed. Anything else is a bug: `unexpected`. The Slack surface turns each into
 * the user's words in one place (commands/shared/failure.ts).
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

/** Why a workflow said no: the request is malformed or not allowed now, names nothing known, is not the user's to make, or lost to another change. */
export type RefusalKind = 'invalid' | 'not_found' | 'forbidden' | 'conflict';

/** A refusal a user can read ("you already approved"); nothing was written. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly kind: RefusalKind = 'invalid',
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Every way an attempt ends without doing what was asked, as the Slack surface tells them apart. */
export type FailureKind = RefusalKind | 'unavailable' | 'unexpected';

const PORT_FAILURE: Record<PortErrorCode, FailureKind> = {
  not_found: 'not_found',
  permission_denied: 'forbidden',
  unauthenticated: 'forbidden',
  rate_limited: 'unavailable',
  timeout: 'unavailable',
  unavailable: 'unavailable',
  invalid: 'invalid',
  conflict: 'conflict',
};

export function failureKind(error: unknown): FailureKind {
  if (error instanceof Refusal) return error.kind;
  if (isPortError(error)) return PORT_FAILURE[error.code];
  return 'unexpected';
}
