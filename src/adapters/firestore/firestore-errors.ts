/**
 * Error translation and value checks for the Firestore Store adapter. No firebase-admin import here,
 * so this module costs nothing at cold start.
 */
import { PortError, isPortError, type PortErrorCode } from '../../domain/errors.js';

export const BACKEND = 'Firestore';

/** gRPC status code → PortError code. */
const GRPC_CODES: Record<number, PortErrorCode> = {
  1: 'unavailable', // CANCELLED
  2: 'unavailable', // UNKNOWN
  3: 'invalid', // INVALID_ARGUMENT
  4: 'timeout', // DEADLINE_EXCEEDED
  5: 'not_found', // NOT_FOUND
  6: 'conflict', // ALREADY_EXISTS
  7: 'permission_denied', // PERMISSION_DENIED
  8: 'rate_limited', // RESOURCE_EXHAUSTED
  9: 'invalid', // FAILED_PRECONDITION (e.g. a missing composite index; the message names it)
  10: 'conflict', // ABORTED (transaction contention)
  11: 'invalid', // OUT_OF_RANGE
  12: 'invalid', // UNIMPLEMENTED
  13: 'unavailable', // INTERNAL
  14: 'unavailable', // UNAVAILABLE
  15: 'unavailable', // DATA_LOSS
  16: 'unauthenticated', // UNAUTHENTICATED
};

export const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

export const grpcCode = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
};

/** Translates firebase-admin / gRPC errors into PortErrors; anything else (a bug) passes through unchanged. */
export function translateFirestoreError(error: unknown): unknown {
  if (isPortError(error)) return error;
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  const code = grpcCode(error);
  if (code !== undefined) {
    const portCode = GRPC_CODES[code];
    if (portCode !== undefined) return new PortError(portCode, `Firestore: ${text}`, BACKEND);
    return error;
  }
  // google-auth-library, when no credentials are found (not a gRPC error).
  if (/default credentials|could not refresh access token|invalid_grant/i.test(text)) {
    return new PortError('unauthenticated', `Firestore: ${text}`, BACKEND);
  }
  return error;
}

/** A write with a `lastUpdateTime` precondition lost to another writer (or to a delete). */
export const lostRace = (error: unknown): boolean => {
  const code = grpcCode(error);
  return code === FAILED_PRECONDITION || code === NOT_FOUND;
};
