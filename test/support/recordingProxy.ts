// A "proxy" on 127.0.0.1 that forwards nothing: it records what each client sent it (the request line and
// headers of plain-HTTP requests, the target of CONNECT) and answers 502. Tests use it to prove whether a key
// would have travelled in clear, without any traffic leaving this machine.
import * as http from 'http';
import type * as net from 'net';

export interface RecordedProxyRequest {
  method: string;
  target: string;
  headers: http.IncomingHttpHeaders;
}

export interface RecordingProxy {
  url: string;
  port: number;
  received: RecordedProxyRequest[];
  /** Called as each request arrives, before it is answered (tests capture what was printed by then). */
  onRequest?: (request: RecordedProxyRequest) => void;
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const sockets = new Set<net.Socket>();
  const received: RecordedProxyRequest[] = [];
  const proxy: Partial<RecordingProxy> = { received };
  const record = (request: http.IncomingMessage): void => {
    const seen = { method: request.method ?? '', target: request.url ?? '', headers: request.headers };
    received.push(seen);
    proxy.onRequest?.(seen);
  };
  const server = http.createServer((request, response) => {
    record(request);
    response.writeHead(502, { 'content-type': 'text/plain' }).end('recording proxy: nothing is forwarded');
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket) => {
    record(request);
    client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  server.on('connection', (socket: net.Socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  }) as RecordingProxy;
}
