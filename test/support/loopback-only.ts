/**
 * Guard: no test may reach any address but loopback. Every TCP connection in Node (http, fetch/undici,
 * grpc-js, http2) goes through net.Socket#connect, and every name lookup through dns.lookup.
 */
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === '') return true; // Node's default is localhost
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::ffff:127.0.0.1';
}

export class NonLoopbackError extends Error {
  constructor(host: string) {
    super(`Test tried to reach ${host}: tests may only use loopback (127.0.0.1)`);
  }
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: string | undefined;
  let isPipe = false;
  if (Array.isArray(first)) {
    // internal form: [options, callback]
    const opts = first[0] as { host?: string; path?: string };
    host = opts?.host;
    isPipe = typeof opts?.path === 'string';
  } else if (typeof first === 'object' && first !== null) {
    const opts = first as { host?: string; path?: string };
    host = opts.host;
    isPipe = typeof opts.path === 'string';
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    host = typeof args[1] === 'string' ? args[1] : undefined;
  } else if (typeof first === 'string') {
    isPipe = true;
  }
  if (!isPipe && !isLoopback(host)) {
    const error = new NonLoopbackError(String(host));
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalLookup = dns.lookup;
(dns as { lookup: unknown }).lookup = function patchedLookup(hostname: string, ...rest: unknown[]) {
  if (!isLoopback(hostname)) {
    const callback = rest[rest.length - 1] as (error: Error) => void;
    process.nextTick(() => callback(new NonLoopbackError(hostname)));
    return;
  }
  return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
};
