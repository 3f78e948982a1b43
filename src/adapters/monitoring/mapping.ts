import type { Histogram } from '../../domain/canary.js';

/** From Cloud Monitoring's REST JSON (google.monitoring.v3.TimeSeries) to the port's plain numbers. */

export interface ApiTimeSeries {
  metric?: { type?: string; labels?: Record<string, string> };
  resource?: { type?: string; labels?: Record<string, string> };
  points?: ApiPoint[];
}

interface ApiPoint {
  interval?: { startTime?: string; endTime?: string };
  value?: { int64Value?: string; distributionValue?: ApiDistribution };
}

interface ApiDistribution {
  count?: string;
  bucketOptions?: ApiBucketOptions;
  bucketCounts?: string[];
}

interface ApiBucketOptions {
  linearBuckets?: { numFiniteBuckets?: number; width?: number; offset?: number };
  exponentialBuckets?: { numFiniteBuckets?: number; growthFactor?: number; scale?: number };
  explicitBuckets?: { bounds?: number[] };
}

type Int64 = number | string | { toString(): string } | null | undefined;
type Timestamp = string | { seconds?: Int64; nanos?: number | null } | null | undefined;

/** int64 is a decimal string in JSON; a number, or a Long as protobuf.js decodes it, reads the same. */
export const toNumber = (value: Int64): number => (value === null || value === undefined ? 0 : Number(String(value)));

/** A Timestamp as RFC 3339 (JSON) or as seconds and nanos (protobuf.js). */
export function timestampOf(t: Timestamp): Date {
  if (typeof t === 'string') return new Date(t);
  return new Date(toNumber(t?.seconds) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6));
}

/** The upper bounds of buckets 0 … N-2 (the overflow bucket N-1 has none), for each kind of BucketOptions. */
export function boundsOf(options: ApiBucketOptions | null | undefined): number[] {
  const exp = options?.exponentialBuckets;
  if (exp) {
    const n = exp.numFiniteBuckets ?? 0;
    return Array.from({ length: n + 1 }, (_, i) => (exp.scale ?? 1) * (exp.growthFactor ?? 2) ** i);
  }
  const lin = options?.linearBuckets;
  if (lin) {
    const n = lin.numFiniteBuckets ?? 0;
    return Array.from({ length: n + 1 }, (_, i) => (lin.offset ?? 0) + (lin.width ?? 1) * i);
  }
  return [...(options?.explicitBuckets?.bounds ?? [])];
}

/** A distribution's histogram; trailing buckets left out of `bucketCounts` are zero. */
export function histogramOf(d: ApiDistribution | null | undefined): Histogram | undefined {
  if (!d?.bucketOptions) return undefined;
  const bounds = boundsOf(d.bucketOptions);
  const counts = Array.from({ length: bounds.length + 1 }, (_, i) => toNumber(d.bucketCounts?.[i]));
  return { bounds, counts };
}

export const revisionOf = (ts: ApiTimeSeries): string => ts.resource?.labels?.revision_name ?? '';
export const responseClassOf = (ts: ApiTimeSeries): string => ts.metric?.labels?.response_code_class ?? 'unknown';

/** A monitoring filter string literal. */
export const quote = (value: string): string => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
