import { describe, expect, it } from 'vitest';
import { createLogger, traceFields } from '../../../src/logging/logger.js';
import { requestContext } from '../../../src/logging/request-context.js';
import { safeUrl } from '../../../src/logging/safe-url.js';
import { secretForms } from '../../support/secret-forms.js';

async function capture(secrets: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = await createLogger({
    level: 'debug',
    secrets,
    destination: { write: (l: string) => void (raw.push(l), lines.push(JSON.parse(l) as Record<string, unknown>)) },
  });
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
    expect(lines[0]).toMatchObject({
      'logging.googleapis.com/trace': 'projects/my-project/traces/105445aa7843bc8bf206b12000100000',
      'logging.googleapis.com/spanId': '1',
    });
    expect(lines[1]?.['logging.googleapis.com/trace']).toBeUndefined();
  });

  it('ignores a malformed trace header', () => {
    expect(traceFields('not-a-trace', 'p')).toEqual({});
    expect(traceFields(undefined, 'p')).toEqual({});
  });

  it('redacts tokens, signing secrets, authorization headers and Slack signatures by path', async () => {
    const { log, raw } = await capture();
    log.info(
      {
        token: 'tok-1',
        config: { signingSecret: 'sec-2' },
        req: { headers: { authorization: 'Bearer abc', 'x-slack-signature': 'v0=deadbeef' } },
      },
      'request',
    );
    expect(raw[0]).not.toMatch(/tok-1|sec-2|Bearer abc|deadbeef/);
    expect(raw[0]).toContain('[REDACTED]');
  });

  it('removes a configured secret value wherever it hides, e.g. inside an error message', async () => {
    const { log, raw } = await capture(['xoxb-very-secret-token']);
    log.error(
      { err: new Error('request with token xoxb-very-secret-token failed') },
      'call failed for xoxb-very-secret-token',
    );
    expect(raw[0]).not.toContain('xoxb-very-secret-token');
    expect(raw[0]).toContain('[REDACTED]');
  });

  it('removes the URL-encoded, form-encoded and base64 forms of a configured secret, also inside a longer base64 string', async () => {
    const secret = 'Zk9v+Yi/YWz= job secret 0123';
    const { log, raw } = await capture([secret]);
    const basic = Buffer.from(`user:${secret}`).toString('base64');
    log.warn(
      {
        a: encodeURIComponent(secret),
        b: encodeURIComponent(secret).toLowerCase(),
        c: new URLSearchParams({ s: secret }).toString(),
      },
      'encoded',
    );
    log.warn(
      { d: Buffer.from(secret).toString('base64'), e: Buffer.from(secret).toString('base64url'), f: `Basic ${basic}` },
      'base64',
    );
    for (const line of raw) {
      for (const form of secretForms(secret)) expect(line, form.name).not.toContain(form.text);
    }
    expect(raw.join('')).toContain('[REDACTED]');
  });

  it('never writes a query-string value, keeping the parameter names', async () => {
    const { log, raw, lines } = await capture();
    log.error(
      { path: '/hooks/budget?token=Zk9v%2Bxx&subscription=budget-alerts' },
      'Unhandled HTTP request (POST) made to /slack/events?ssl_check=1&token=abc123',
    );
    log.info('fetching https://api.example.com/v1/things?key=AIzaSecret#frag and http://127.0.0.1:99/x?flag');
    expect(lines[0]?.path).toBe('/hooks/budget?token=[redacted]&subscription=[redacted]');
    expect(lines[0]?.message).toBe(
      'Unhandled HTTP request (POST) made to /slack/events?ssl_check=[redacted]&token=[redacted]',
    );
    expect(lines[1]?.message).toBe(
      'fetching https://api.example.com/v1/things?key=[redacted]#frag and http://127.0.0.1:99/x?[redacted]',
    );
    expect(raw.join('')).not.toMatch(/Zk9v|abc123|AIzaSecret|budget-alerts/);
  });

  it('writes URLs without their user name and password', async () => {
    const { log, lines } = await capture();
    log.warn(
      { url: 'https://bot:pa55word@slack.example.com/api/' },
      'Request cannot be constructed from a URL that includes credentials: http://u:p%40ss@127.0.0.1:9/api/chat.postMessage',
    );
    expect(lines[0]?.url).toBe('https://slack.example.com/api/');
    expect(lines[0]?.message).toBe(
      'Request cannot be constructed from a URL that includes credentials: http://127.0.0.1:9/api/chat.postMessage',
    );
  });

  it('safeUrl: the form a URL or path is logged in', () => {
    expect(safeUrl('https://user:pass@host.example/a/b?token=x&y=2')).toBe(
      'https://host.example/a/b?token=[redacted]&y=[redacted]',
    );
    expect(safeUrl('/hooks/budget?token=Zk9v%2B')).toBe('/hooks/budget?token=[redacted]');
    expect(safeUrl('/healthz')).toBe('/healthz');
    expect(safeUrl(undefined)).toBe('');
  });
});
