import { PortError } from '../../domain/errors.js';

export const BACKEND = 'BigQuery';

const NETWORK = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET)$/;

interface Where {
  table: string;
  jobProject: string;
  location?: string;
  maxBytesBilled: number;
}

/**
 * What `@google-cloud/bigquery` rejects with (an ApiError: HTTP `code`, `errors[].reason`, the server's
 * message) turned into a PortError that names the table, the dataset or the role to grant.
 */
export function toPortError(error: unknown, where: Where): PortError {
  if (error instanceof PortError) return error;
  const e = (error ?? {}) as { code?: unknown; message?: unknown; errors?: { reason?: string; message?: string }[] };
  const message = (typeof e.message === 'string' ? e.message : String(error)).replace(/\.$/, '');
  const reason = e.errors?.find((x) => x.reason)?.reason ?? '';
  const status = typeof e.code === 'number' ? e.code : undefined;
  const [project, dataset] = where.table.split('.');

  if (typeof e.code === 'string' && NETWORK.test(e.code))
    return new PortError('unavailable', `BigQuery could not be reached (${e.code}); try again in a minute.`, BACKEND);
  if (reason === 'notFound' || status === 404) {
    const what =
      /dataset/i.test(message) && !/table/i.test(message)
        ? `BigQuery dataset ${project}:${dataset}`
        : `BigQuery table ${where.table}`;
    return new PortError(
      'not_found',
      `${what} was not found${where.location ? ` in location ${where.location}` : ''}: check cost.source.bigquery.table${where.location ? ' and .location' : ''} in chatops.yml (the standard export table is named gcp_billing_export_v1_<BILLING_ACCOUNT_ID>).`,
      BACKEND,
    );
  }
  if (reason === 'bytesBilledLimitExceeded') {
    return new PortError(
      'invalid',
      `The cost query on ${where.table} would scan more than cost.source.bigquery.maxBytesBilled (${(where.maxBytesBilled / 1e9).toFixed(0)} GB): check that the table is the partitioned export, or raise the limit.`,
      BACKEND,
    );
  }
  if (reason === 'quotaExceeded' || reason === 'rateLimitExceeded' || status === 429)
    return new PortError(
      'rate_limited',
      `BigQuery quota exceeded for project ${where.jobProject}; try again in a minute.`,
      BACKEND,
    );
  if (reason === 'accessDenied' || status === 403) {
    if (/jobs\.create/.test(message))
      return new PortError(
        'permission_denied',
        `The bot may not run BigQuery jobs in project ${where.jobProject}: grant its service account roles/bigquery.jobUser on ${where.jobProject}.`,
        BACKEND,
      );
    return new PortError(
      'permission_denied',
      `The bot may not read BigQuery table ${where.table}: grant its service account roles/bigquery.dataViewer on the dataset ${project}:${dataset} (and roles/bigquery.jobUser on project ${where.jobProject}).`,
      BACKEND,
    );
  }
  if (status === 401)
    return new PortError(
      'unauthenticated',
      `BigQuery rejected the bot's Google credentials (its service account, or Application Default Credentials): ${message}`,
      BACKEND,
    );
  if (reason === 'invalidQuery' || reason === 'invalid' || status === 400) {
    return new PortError(
      'invalid',
      `BigQuery rejected the cost query on ${where.table}: ${message}. Is it the standard billing export? For a view, set cost.source.bigquery.partitioned: false.`,
      BACKEND,
    );
  }
  return new PortError(
    'unavailable',
    `BigQuery is unavailable${status ? ` (HTTP ${status})` : ''}; try again in a minute.`,
    BACKEND,
  );
}
