import { describe, expect, it } from 'vitest';
import { createLogger, traceFields } from '../../src/logging/logger.js';
import { requestContext } from '../../src/logging/request-context.js';

async function capture(secrets: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = await createLogger({ level: 'debug', secrets, destination: { write: (l: string) => void (raw.push(l), lines.push(JSON.parse(l) as Record<string, unknown>)) } });
  return { log, lines, raw };
}

describe('logger', () => {
  it('writes the fields Cloud Logging reads', async () => {
    const { log, lines } = await capture();
    log.warn({ service: 'api' }, 'cloud run slow');
    expect(lines[0]).toMatchObject({ severity: 'WARNING', message: 'cloud run slow', service: 'api' });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('adds the trace of the request to every line written inside it', async () => {
    const { log, lines } = await capture();
    const fields = traceFields('105445aa7843bc8bf206b12000100000/1;o=1', 'my-project');
    await requestContext.run(fields, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info('after an await');
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ 'logging.googleapis.com/trace': 'projects/my-project/traces/105445aa7843bc8bf206b12000100000', 'logging.googleapis.com/spanId': '1' });
    expect(lines[1]?.['logging.googleapis.com/trace']).toBeUndefined();
  });

  it('ignores a malformed trace header', () => {
    expect(traceFields('not-a-trace', 'p')).toEqual({});
    expect(traceFields(undefined, 'p')).toEqual({});
  });

  it('redacts tokens, signing secrets, authorization headers and Slack signatures by path', async () => {
    const { log, raw } = await capture();
    log.info({ token: 'tok-1', config: { signingSecret: 'sec-2' }, req: { headers: { authorization: 'Bearer abc', 'x-slack-signature': 'v0=deadbeef' } } }, 'request');
    expect(raw[0]).not.toMatch(/tok-1|sec-2|Bearer abc|deadbeef/);
    expect(raw[0]).toContain('[REDACTED]');
  });

  it('removes a configured secret value wherever it hides, e.g. inside an error message', async () => {
    const { log, raw } = await capture(['xoxb-very-secret-token']);
    log.error({ err: new Error('request with token xoxb-very-secret-token failed') }, 'call failed for xoxb-very-secret-token');
    expect(raw[0]).not.toContain('xoxb-very-secret-token');
    expect(raw[0]).toContain('[REDACTED]');
  });
});
