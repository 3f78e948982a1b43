import type { protos } from '@google-cloud/monitoring';
import type { Histogram } from '../../domain/canary.js';

/** From Cloud Monitoring's shapes (as the REST transport decodes them) to the port's plain numbers. */

export type ApiTimeSeries = protos.google.monitoring.v3.ITimeSeries;
type ApiDistribution = protos.google.api.IDistribution;
type Int64 = number | string | { toString(): string } | null | undefined;

/** int64 arrives as a number, a decimal string or a Long, depending on the transport. */
export const toNumber = (value: Int64): number => (value === null || value === undefined ? 0 : Number(String(value)));

export function timestampOf(t: protos.google.protobuf.ITimestamp | null | undefined): Date {
  return new Date(toNumber(t?.seconds) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6));
}

export const toTimestamp = (d: Date): protos.google.protobuf.ITimestamp => ({
  seconds: Math.floor(d.getTime() / 1000),
  nanos: (d.getTime() % 1000) * 1e6,
});

/** The upper bounds of buckets 0 … N-2 (the overflow bucket N-1 has none), for each kind of BucketOptions. */
export function boundsOf(options: protos.google.api.Distribution.IBucketOptions | null | undefined): number[] {
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
