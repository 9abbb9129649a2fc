// A fake OpenAI API for tests: a real HTTP or HTTPS server on 127.0.0.1 that answers any path under /v1 (and
// Azure's /openai) the way the real service does for one chosen scenario — a healthy account, each 401/403/404
// variant, quota and rate limits with their headers, 5xx variants, a proxy's HTML 502, a hang, a slow answer,
// a body that is not JSON. Both our own health check and the official `openai` npm package run against it.
//
// HTTPS uses a self-signed certificate made with the `openssl` CLI on first use (cached for the process), so
// clients that do not trust `certificatePem` see a genuine self-signed-certificate failure.
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promises as fs } from 'fs';
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promisify } from 'util';

export const scenarios = [
  'ok',
  'invalid-api-key',
  'missing-api-key',
  'no-organization',
  'mismatched-organization',
  'missing-scope',
  'ip-not-authorized',
  'unsupported-region',
  'model-not-found',
  'context-length-exceeded',
  'insufficient-quota',
  'rate-limit',
  'server-error',
  'engine-overloaded',
  'service-unavailable',
  'slow-down',
  'bad-gateway-html',
  'hang',
  'slow',
  'not-json',
  'not-json-error',
  'stream-error',
  'echo-key-headers',
  'echo-key-late',
  'echo-key-split',
  'huge-body',
  'endless-body',
] as const;

export type Scenario = (typeof scenarios)[number];

/** Which certificate the HTTPS server presents. */
export type FakeCertificate = 'self-signed' | 'wrong-host';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/v1/models?api-version=2024-10-21". */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeOpenAIOptions {
  scenario?: Scenario;
  https?: boolean;
  /** HTTPS only: 'self-signed' (valid for 127.0.0.1 and localhost) or 'wrong-host' (valid for another name). */
  certificate?: FakeCertificate;
  /** How long the `slow` scenario waits before answering. */
  slowMs?: number;
}

export interface FakeOpenAI {
  /** e.g. "http://127.0.0.1:40123/v1" — what a client's baseURL should be. */
  baseUrl: string;
  /** The server root without /v1 (for Azure-style endpoints). */
  origin: string;
  port: number;
  /** HTTPS only: the PEM of the certificate the server presents, for clients that should trust it. */
  certificatePem?: string;
  setScenario(name: Scenario): void;
  /** Answers the next `count` requests with `scenario`, then goes back to `ok` (e.g. "429 twice, then success"). */
  failFirst(count: number, scenario: Scenario): void;
  /** Every request received, in order (headers as sent, so tests can check what a client transmitted). */
  requests: RecordedRequest[];
  /** How many TCP connections the server accepted, and how many are still open. */
  connections(): { accepted: number; open: number };
  /** Answers every request with a 302 to this URL (undefined: stop redirecting). */
  setRedirect(location: string | undefined): void;
  /** How many body bytes the `huge-body` scenario managed to send (it stops when the client hangs up). */
  hugeBodyBytesSent(): number;
  close(): Promise<void>;
}

const knownModels = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'text-embedding-3-small', 'text-embedding-3-large', 'omni-moderation-latest'];
const createdAt = 1_715_367_049;

interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** A value is sent as JSON; a string is sent as is with the given content type. */
  json?: unknown;
  text?: string;
  contentType?: string;
  /** Server-sent events, each already serialised (without the "data: " prefix). */
  events?: string[];
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let scenario: Scenario = options.scenario ?? 'ok';
  /** With failFirst: how many more requests get the current scenario before it turns to ok. */
  let remainingFailures: number | undefined;
  const slowMs = options.slowMs ?? 2000;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let redirect: string | undefined;
  let hugeBodySent = 0;
  const timers = new Set<NodeJS.Timeout>();

  const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const current = scenario;
      if (remainingFailures !== undefined && --remainingFailures <= 0) {
        scenario = 'ok';
        remainingFailures = undefined;
      }
      if (redirect) {
        response.writeHead(302, { location: redirect, 'content-length': '0' }).end();
        return;
      }
      if (current === 'hang') return; // keep the socket open and never answer
      if (current === 'huge-body') {
        hugeBodySent = 0;
        streamBody(response, 100 * 1024 * 1024, (bytes) => { hugeBodySent += bytes; });
        return;
      }
      if (current === 'endless-body') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"object":"list","data":[');
        const timer = setInterval(() => { if (!response.destroyed) response.write('{"id":"x"},'); }, 50);
        timers.add(timer);
        response.once('close', () => { clearInterval(timer); timers.delete(timer); });
        return;
      }
      const answer = () => send(response, respond(current, recorded));
      if (current === 'slow') {
        const timer = setTimeout(() => { timers.delete(timer); answer(); }, slowMs);
        timers.add(timer);
      } else {
        answer();
      }
    });
  };

  let certificatePem: string | undefined;
  let server: http.Server | https.Server;
  if (options.https) {
    const material = await certificateFor(options.certificate ?? 'self-signed');
    certificatePem = material.cert;
    server = https.createServer({ key: material.key, cert: material.cert }, handler);
  } else {
    server = http.createServer(handler);
  }
  server.on('connection', (socket: net.Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const origin = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    certificatePem,
    setScenario: (name) => { scenario = name; remainingFailures = undefined; },
    failFirst: (count, name) => {
      scenario = count > 0 ? name : 'ok';
      remainingFailures = count > 0 ? count : undefined;
    },
    requests,
    connections: () => ({ accepted, open: sockets.size }),
    setRedirect: (location) => { redirect = location; },
    hugeBodyBytesSent: () => hugeBodySent,
    close: () => new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Hanging and keep-alive sockets would keep server.close() waiting forever.
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A TCP port on 127.0.0.1 that nobody listens on (bound, then released), for "connection refused" tests. */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Sends `total` bytes of spaces as fast as the client takes them, stopping when it hangs up. */
function streamBody(response: http.ServerResponse, total: number, onSent: (bytes: number) => void): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = total;
  const pump = (): void => {
    while (left > 0 && !response.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      onSent(piece.length);
      if (!response.write(piece)) {
        response.once('drain', pump);
        return;
      }
    }
    if (left === 0) response.end();
  };
  response.once('close', () => { left = 0; });
  pump();
}

function send(response: http.ServerResponse, answer: FakeResponse): void {
  if (response.destroyed) return;
  const headers: Record<string, string> = {
    'x-request-id': `req_${randomBytes(16).toString('hex')}`,
    'openai-processing-ms': '12',
    'openai-version': '2020-10-01',
    ...answer.headers,
  };
  if (answer.events) {
    response.writeHead(answer.status, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    for (const event of answer.events) response.write(`data: ${event}\n\n`);
    response.end();
    return;
  }
  const body = answer.json !== undefined ? JSON.stringify(answer.json) : answer.text ?? '';
  const contentType = answer.json !== undefined ? 'application/json' : answer.contentType ?? 'text/plain; charset=utf-8';
  response.writeHead(answer.status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

function apiError(status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): FakeResponse {
  return { status, headers, json: { error: { message, type, param: null, code } } };
}

/** The key the client sent, from "Authorization: Bearer …" or Azure's "api-key". */
function sentKey(request: RecordedRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+\S/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '');
  const azureKey = request.headers['api-key'];
  return typeof azureKey === 'string' && azureKey !== '' ? azureKey : undefined;
}

/** The way the service echoes a wrong key: the prefix, stars, and the last four characters. */
function serverMaskedKey(key: string): string {
  const prefix = /^(sk-(?:proj-|svcacct-|admin-)?)/.exec(key)?.[1] ?? '';
  return `${prefix}${'*'.repeat(Math.max(4, Math.min(key.length - prefix.length - 4, 40)))}${key.slice(-4)}`;
}

function modelIn(request: RecordedRequest): string {
  const fromPath = /\/models\/([^/?]+)/.exec(request.url)?.[1];
  if (fromPath) return decodeURIComponent(fromPath);
  try {
    const parsed = JSON.parse(request.body) as { model?: unknown };
    if (typeof parsed.model === 'string') return parsed.model;
  } catch {
    // not a JSON body
  }
  return 'gpt-4o-mini';
}

const rateLimitHeaders = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-remaining-requests': '499',
  'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-limit-tokens': '200000',
  'x-ratelimit-remaining-tokens': '199950',
  'x-ratelimit-reset-tokens': '15ms',
};

function respond(scenario: Exclude<Scenario, 'hang' | 'huge-body' | 'endless-body'>, request: RecordedRequest): FakeResponse {
  const route = apiRoute(request.url);
  if (route === undefined) return { status: 404, text: 'Not Found' };
  const key = sentKey(request);
  if (key === undefined || scenario === 'missing-api-key') {
    return apiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null);
  }
  const model = modelIn(request);
  switch (scenario) {
    case 'ok':
    case 'slow':
      return successFor(request, route, model);
    case 'stream-error':
      return wantsStream(request) ? brokenStream(model) : successFor(request, route, model);
    case 'invalid-api-key':
      return apiError(401, `Incorrect API key provided: ${serverMaskedKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
    case 'no-organization':
      return apiError(401, 'You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.', 'invalid_request_error', 'no_organization');
    case 'mismatched-organization':
      return apiError(401, 'OpenAI-Organization header should match organization for API key', 'invalid_request_error', 'mismatched_organization');
    case 'missing-scope':
      return apiError(401, "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization or project, and if you're using a restricted API key, that it has the necessary scopes.", 'invalid_request_error', 'missing_scope');
    case 'ip-not-authorized':
      return apiError(401, 'IP not authorized: the address 127.0.0.1 does not match the configured IP allowlist of this project or organization.', 'invalid_request_error', 'ip_not_authorized');
    case 'unsupported-region':
      return apiError(403, 'Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory');
    case 'model-not-found':
      return apiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    case 'context-length-exceeded':
      return { status: 400, json: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } };
    case 'insufficient-quota':
      return apiError(429, 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'insufficient_quota', 'insufficient_quota');
    case 'rate-limit':
      // retry-after is short on purpose: the SDKs honour it between their automatic retries.
      return apiError(429, `Rate limit reached for ${model} in organization org-fake000000000000000000 on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.`, 'requests', 'rate_limit_exceeded', {
        'retry-after': '1',
        'retry-after-ms': '50',
        'x-ratelimit-limit-requests': '3',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '20s',
        'x-ratelimit-limit-tokens': '40000',
        'x-ratelimit-remaining-tokens': '39950',
        'x-ratelimit-reset-tokens': '75ms',
      });
    case 'server-error':
      return apiError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
    case 'engine-overloaded':
      return apiError(503, 'The engine is currently overloaded, please try again later', 'server_error', null);
    case 'service-unavailable':
      return apiError(503, 'The server is overloaded or not ready yet.', 'server_error', null);
    case 'slow-down':
      return apiError(503, 'Slow Down', 'server_error', null);
    case 'bad-gateway-html':
      return { status: 502, contentType: 'text/html', text: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' };
    case 'not-json':
      return { status: 200, text: 'OK' };
    case 'not-json-error':
      return { status: 500, text: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination' };
    // Hostile servers that hand the key back, hoping a client prints it.
    case 'echo-key-headers':
      return { ...successFor(request, route, model), headers: { 'x-request-id': `req_${key}`, 'x-ratelimit-limit-requests': `Bearer ${key}`, 'retry-after': key } };
    case 'echo-key-late':
      return apiError(401, `${'The key you sent was not accepted by this gateway. '.repeat(5)}Key: ${key}`, 'invalid_request_error', 'invalid_api_key');
    case 'echo-key-split':
      return apiError(401, `Key received: ${key.slice(0, 20)}\n${key.slice(20)}.`, 'invalid_request_error', 'invalid_api_key');
  }
}

/** The API path after /v1 (or Azure's /openai, with or without /deployments/<name>), or undefined. */
function apiRoute(url: string): string | undefined {
  const pathname = url.split('?')[0];
  const match = /^\/(?:v1|openai(?:\/deployments\/[^/]+)?)(\/.*)?$/.exec(pathname);
  return match ? match[1] ?? '/' : undefined;
}

function wantsStream(request: RecordedRequest): boolean {
  try {
    return (JSON.parse(request.body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

function id(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

const reply = 'Hello from the fake OpenAI server.';
const usage = { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 };

function successFor(request: RecordedRequest, route: string, model: string): FakeResponse {
  const ok = (json: unknown): FakeResponse => ({ status: 200, headers: rateLimitHeaders, json });
  const method = request.method.toUpperCase();
  if (method === 'GET' && route === '/models') {
    return ok({ object: 'list', data: knownModels.map((name) => ({ id: name, object: 'model', created: createdAt, owned_by: 'system' })) });
  }
  if (method === 'GET' && route.startsWith('/models/')) {
    if (!knownModels.includes(model)) return apiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    return ok({ id: model, object: 'model', created: createdAt, owned_by: 'system' });
  }
  if (method === 'POST' && route.endsWith('/chat/completions')) {
    const completionId = id('chatcmpl-');
    if (wantsStream(request)) return { status: 200, headers: rateLimitHeaders, events: chatStream(completionId, model) };
    return ok({
      id: completionId, object: 'chat.completion', created: createdAt, model, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message: { role: 'assistant', content: reply, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
      usage,
    });
  }
  if (method === 'POST' && route.endsWith('/completions')) {
    return ok({ id: id('cmpl-'), object: 'text_completion', created: createdAt, model, choices: [{ text: reply, index: 0, logprobs: null, finish_reason: 'stop' }], usage });
  }
  if (method === 'POST' && route.endsWith('/embeddings')) return ok(embeddings(request, model));
  if (method === 'POST' && route === '/responses') {
    return ok({
      id: id('resp_'), object: 'response', created_at: createdAt, status: 'completed', model, error: null, incomplete_details: null,
      output: [{ type: 'message', id: id('msg_'), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply, annotations: [] }] }],
      usage: { input_tokens: 9, output_tokens: 7, total_tokens: 16 },
    });
  }
  if (method === 'POST' && route === '/moderations') {
    return ok({ id: id('modr-'), model, results: [{ flagged: false, categories: {}, category_scores: {} }] });
  }
  return apiError(404, `Invalid URL (${method} ${request.url.split('?')[0]})`, 'invalid_request_error', null);
}

function embeddings(request: RecordedRequest, model: string): unknown {
  let inputs: unknown[] = [''];
  let base64 = false;
  try {
    const parsed = JSON.parse(request.body) as { input?: unknown; encoding_format?: unknown };
    inputs = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
    base64 = parsed.encoding_format === 'base64';
  } catch {
    // keep one empty input
  }
  const vector = [0.0023, -0.0091, 0.0152, -0.0047];
  const encoded = Buffer.from(new Float32Array(vector).buffer).toString('base64');
  return {
    object: 'list', model, usage: { prompt_tokens: 4, total_tokens: 4 },
    data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: base64 ? encoded : vector })),
  };
}

function chatStream(completionId: string, model: string): string[] {
  const chunk = (delta: object, finish: string | null) => JSON.stringify({
    id: completionId, object: 'chat.completion.chunk', created: createdAt, model, system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  return [chunk({ role: 'assistant', content: '' }, null), ...reply.split(' ').map((word, i) => chunk({ content: (i ? ' ' : '') + word }, null)), chunk({}, 'stop'), '[DONE]'];
}

/** A stream that starts well and then carries an error event, as the API does when a request fails mid-stream. */
function brokenStream(model: string): FakeResponse {
  const [first] = chatStream(id('chatcmpl-'), model);
  const error = JSON.stringify({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } });
  return { status: 200, events: [first, error] };
}

interface CertificateMaterial {
  key: string;
  cert: string;
}

const certificates = new Map<FakeCertificate, Promise<CertificateMaterial>>();

function certificateFor(kind: FakeCertificate): Promise<CertificateMaterial> {
  let material = certificates.get(kind);
  if (!material) {
    material = generateCertificate(kind === 'self-signed' ? ['DNS:localhost', 'IP:127.0.0.1'] : ['DNS:wrong-host.example']);
    certificates.set(kind, material);
  }
  return material;
}

async function generateCertificate(subjectAltNames: string[]): Promise<CertificateMaterial> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-openai-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const commonName = subjectAltNames[0].replace(/^\w+:/, '');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${subjectAltNames.join(',')}`,
      '-keyout', keyFile, '-out', certFile,
    ]);
    return { key: await fs.readFile(keyFile, 'utf8'), cert: await fs.readFile(certFile, 'utf8') };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
