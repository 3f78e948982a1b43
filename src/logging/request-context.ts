import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line of one request carries (the Cloud Trace id), including lines written by work
 * that continues after the ack. The logger reads them through pino's mixin.
 */
export const requestContext = new AsyncLocalStorage<Record<string, string>>();

export const requestFields = (): Record<string, string> => requestContext.getStore() ?? {};
