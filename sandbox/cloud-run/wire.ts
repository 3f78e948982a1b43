import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.js';

/**
 * Enum tables from google/cloud/run/v2 (protos.json), for the fields the stand-in emits or reads.
 * google-gax's REST transport asks for `$alt=json;enum-encoding=int` and sends numbers; other clients
 * (curl, the browser) get and may send the names.
 */
const ENUMS: Record<string, Record<string, number>> = {
  type: {
    TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED: 0,
    TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST: 1,
    TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION: 2,
  },
  state: {
    STATE_UNSPECIFIED: 0,
    CONDITION_PENDING: 1,
    CONDITION_RECONCILING: 2,
    CONDITION_FAILED: 3,
    CONDITION_SUCCEEDED: 4,
  },
  severity: { SEVERITY_UNSPECIFIED: 0, ERROR: 1, WARNING: 2, INFO: 3 },
  reason: {
    COMMON_REASON_UNDEFINED: 0,
    UNKNOWN: 1,
    REVISION_FAILED: 3,
    PROGRESS_DEADLINE_EXCEEDED: 4,
    CONTAINER_MISSING: 6,
    CONTAINER_PERMISSION_DENIED: 7,
    CONTAINER_IMAGE_UNAUTHORIZED: 8,
    CONTAINER_IMAGE_AUTHORIZATION_CHECK_FAILED: 9,
    WAITING_FOR_OPERATION: 13,
    IMMEDIATE_RETRY: 14,
    POSTPONED_RETRY: 15,
    INTERNAL: 16,
  },
  revisionReason: {
    REVISION_REASON_UNDEFINED: 0,
    PENDING: 1,
    RESERVE: 2,
    RETIRED: 3,
    RETIRING: 4,
    RECREATING: 5,
    HEALTH_CHECK_CONTAINER_ERROR: 6,
    MIN_INSTANCES_NOT_PROVISIONED: 8,
    NO_DEPLOYMENT: 10,
    HEALTH_CHECK_SKIPPED: 11,
  },
  ingress: {
    INGRESS_TRAFFIC_UNSPECIFIED: 0,
    INGRESS_TRAFFIC_ALL: 1,
    INGRESS_TRAFFIC_INTERNAL_ONLY: 2,
    INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER: 3,
    INGRESS_TRAFFIC_NONE: 4,
  },
  launchStage: {
    LAUNCH_STAGE_UNSPECIFIED: 0,
    UNIMPLEMENTED: 6,
    PRELAUNCH: 7,
    EARLY_ACCESS: 1,
    ALPHA: 2,
    BETA: 3,
    GA: 4,
    DEPRECATED: 5,
  },
};

/** A deep copy with enum names turned into numbers. Keys not in ENUMS (and values not in a table) are kept. */
export function numericEnums(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(numericEnums);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const table = ENUMS[key];
    out[key] = typeof v === 'string' && table && v in table ? table[v] : numericEnums(v);
  }
  return out;
}

/** Reads an enum sent either way; returns the name. */
export function enumName(field: keyof typeof ENUMS, value: unknown): string | undefined {
  const table = ENUMS[field];
  if (!table) return undefined;
  if (typeof value === 'string') return value in table ? value : undefined;
  if (typeof value === 'number') return Object.keys(table).find((k) => table[k] === value);
  return undefined;
}

export const wantsNumericEnums = (search: URLSearchParams): boolean =>
  /enum-encoding=int/.test(search.get('$alt') ?? '');

export function sendResource(res: ServerResponse, body: unknown, numeric: boolean, status = 200): void {
  sendJson(res, status, numeric ? numericEnums(body) : body);
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
};

/** A google.rpc.Status error the way Google's REST front end returns it (AIP-193). */
export function sendGoogleError(
  res: ServerResponse,
  httpStatus: number,
  message: string,
  status = STATUS_NAMES[httpStatus] ?? 'UNKNOWN',
): void {
  sendJson(res, httpStatus, { error: { code: httpStatus, message, status } });
}

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
    readonly status?: string,
  ) {
    super(message);
  }
}
