import type { PortErrorCode } from '../../domain/errors.js';
import { parseRetryAfter } from './retry.js';

/**
 * What a failed call tells, whatever threw it (a GaxiosError with the AIP-193 body, a GoogleError with a gRPC
 * code, a Node network error), and the PortError code it means.
 */

export interface Facts {
  http?: number;
  grpc?: number;
  statusName?: string;
  message: string;
  retryAfter?: number;
  networkCode?: string;
}

const GRPC_BY_NAME: Record<string, number> = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function apiError(data: unknown): { code?: number; status?: string; message?: string } | undefined {
  let parsed = data;
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      return undefined;
    }
  }
  const body = Array.isArray(parsed) ? parsed.find((x) => x && typeof x === 'object' && 'error' in x) : parsed;
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return error && typeof error === 'object'
    ? (error as { code?: number; status?: string; message?: string })
    : undefined;
}

export function factsOf(error: unknown): Facts {
  const e = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { status?: number; headers?: unknown; data?: unknown };
    cause?: { code?: unknown };
  };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const http = typeof e.status === 'number' ? e.status : e.response?.status;
  const body = apiError(e.response?.data) ?? apiError(message);
  const numericCode =
    typeof e.code === 'number'
      ? e.code
      : typeof e.code === 'string' && /^\d+$/.test(e.code)
        ? Number(e.code)
        : undefined;
  const statusName = body?.status;
  const grpc =
    statusName && statusName in GRPC_BY_NAME
      ? GRPC_BY_NAME[statusName]
      : numericCode !== undefined && numericCode < 100
        ? numericCode
        : undefined;
  const networkCode = [e.code, e.cause?.code].find(
    (c): c is string => typeof c === 'string' && (NETWORK_CODES.has(c) || c === 'TimeoutError' || c === 'AbortError'),
  );
  const retryAfter = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  return {
    ...(http !== undefined ? { http } : {}),
    ...(grpc !== undefined ? { grpc } : {}),
    ...(statusName ? { statusName } : {}),
    message: body?.message ?? message,
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(networkCode ? { networkCode } : {}),
  };
}

export function codeOf(f: Facts): PortErrorCode {
  if (f.networkCode === 'TimeoutError' || f.networkCode === 'ETIMEDOUT') return 'timeout';
  if (f.networkCode) return 'unavailable';
  switch (f.grpc) {
    case 5:
      return 'not_found';
    case 7:
      return 'permission_denied';
    case 16:
      return 'unauthenticated';
    case 8:
      return 'rate_limited';
    case 4:
      return 'timeout';
    case 3:
    case 9:
    case 11:
      return 'invalid';
    case 6:
    case 10:
      return 'conflict';
    case 1:
    case 2:
    case 12:
    case 13:
    case 14:
    case 15:
      return 'unavailable';
  }
  switch (f.http) {
    case 400:
    case 412:
      return 'invalid';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    case 408:
    case 504:
      return 'timeout';
  }
  return 'unavailable';
}
