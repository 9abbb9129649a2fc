// The network primitives of the probe, one per step, so each can be timed and fail on its own: resolve the
// name, open TCP, tunnel through a proxy, shake hands over TLS, send one GET. Each one gives up as soon as its
// AbortSignal fires (a step timeout or the user cancelling) and leaves no socket behind.
import * as dns from 'dns';
import * as http from 'http';
import * as net from 'net';
import * as tls from 'tls';

/** Rejects when the signal fires; `cleanup` runs either way so no listener outlives the step. */
function abortable<T>(signal: AbortSignal, start: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let cleanup: () => void = () => undefined;
    const onAbort = () => { cleanup(); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = <A>(finish: (arg: A) => void) => (arg: A) => {
      signal.removeEventListener('abort', onAbort);
      finish(arg);
    };
    cleanup = start(settle(resolve), settle(reject));
  });
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export function lookupHost(hostname: string, signal: AbortSignal): Promise<ResolvedAddress> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const family = net.isIP(host);
  if (family) return Promise.resolve({ address: host, family });
  return abortable(signal, (resolve, reject) => {
    dns.lookup(host, (error, address, addressFamily) => (error ? reject(error) : resolve({ address, family: addressFamily })));
    return () => undefined; // a pending lookup cannot be cancelled; its answer is ignored
  });
}

export function connectTcp(address: ResolvedAddress, port: number, signal: AbortSignal): Promise<net.Socket> {
  return abortable(signal, (resolve, reject) => {
    const socket = net.connect({ host: address.address, port, family: address.family });
    const onError = (error: Error) => { socket.destroy(); reject(error); };
    socket.once('connect', () => { socket.off('error', onError); resolve(socket); });
    socket.once('error', onError);
    return () => socket.destroy();
  });
}

/** Asks an HTTP proxy for a tunnel to host:port (CONNECT) over an open socket to the proxy. */
export function openTunnel(socket: net.Socket, host: string, port: number, proxyAuthorization: string | undefined, signal: AbortSignal): Promise<void> {
  return abortable(signal, (resolve, reject) => {
    const authority = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16_384) fail(new ProxyError(0, 'response header too large'));
        return;
      }
      detach();
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const [, status, reason] = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(statusLine) ?? [];
      if (status !== '200') {
        socket.destroy();
        reject(new ProxyError(Number(status) || 0, reason || statusLine));
        return;
      }
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve();
    };
    const onError = (error: Error) => fail(error);
    const onClose = () => fail(new ProxyError(0, 'connection closed by the proxy'));
    const detach = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const fail = (error: Error) => { detach(); socket.destroy(); reject(error); };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${proxyAuthorization ? `Proxy-Authorization: ${proxyAuthorization}\r\n` : ''}\r\n`);
    return () => { detach(); socket.destroy(); };
  });
}

/** A proxy answered CONNECT with something other than 200 (or not at all). */
export class ProxyError extends Error {
  constructor(readonly status: number, readonly reason: string) {
    super(status ? `${status} ${reason}` : reason);
  }
}

export function startTls(socket: net.Socket, hostname: string, extraCa: readonly string[], signal: AbortSignal): Promise<tls.TLSSocket> {
  return abortable(signal, (resolve, reject) => {
    const host = hostname.replace(/^\[|\]$/g, '');
    const secure = tls.connect({
      socket,
      host,
      // SNI carries names only, never IP addresses.
      servername: net.isIP(host) ? undefined : host,
      ca: extraCa.length > 0 ? [...tls.rootCertificates, ...extraCa] : undefined,
      // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot make the check send the key to
      // a server it has not verified.
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
    });
    const onError = (error: Error) => { secure.destroy(); reject(error); };
    secure.once('secureConnect', () => { secure.off('error', onError); resolve(secure); });
    secure.once('error', onError);
    return () => secure.destroy();
  });
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Only the start of a body matters for a verdict; a huge model list is not worth holding in memory. */
const maxBodyBytes = 256 * 1024;

/**
 * Sends one GET over an already open connection. `absoluteForm` is for plain-HTTP requests through a proxy,
 * which take the full URL as the request target.
 */
export function getOverSocket(socket: net.Socket, url: URL, headers: Record<string, string>, absoluteForm: boolean, signal: AbortSignal): Promise<HttpAnswer> {
  return abortable(signal, (resolve, reject) => {
    // The ClientRequest class rather than http.request: VS Code's extension host replaces http.request to
    // inject its own proxy agent, which would ignore our socket and open a connection of its own.
    let request: http.ClientRequest;
    try {
      request = new http.ClientRequest({
        createConnection: () => socket,
        method: 'GET',
        path: absoluteForm ? url.href : `${url.pathname}${url.search}`,
        headers: { host: url.host, accept: 'application/json', 'user-agent': 'openai-error-guard-health-check', connection: 'close', ...headers },
      });
    } catch (error) {
      // Node refuses a header value it cannot send (ERR_INVALID_CHAR) before writing anything.
      socket.destroy();
      reject(error);
      return () => undefined;
    }
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        socket.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, maxBodyBytes) });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough to judge the answer: the rest of a huge body is not read at all.
        if (size >= maxBodyBytes) {
          response.removeAllListeners('end');
          finish();
        }
      });
      response.once('end', finish);
      response.once('error', (error) => { socket.destroy(); reject(error); });
    });
    request.once('error', (error) => { socket.destroy(); reject(error); });
    request.end();
    return () => { request.destroy(); socket.destroy(); };
  });
}
