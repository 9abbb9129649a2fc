// The health check: find the key, then walk the connection one step at a time (DNS, TCP, proxy tunnel, TLS,
// GET /models, optionally the configured model), timing each and stopping at the first that fails, so the
// verdict names the layer that is broken. Nothing here knows about VS Code; the extension and `doctor` both
// call runHealthCheck.
import type * as net from 'net';
import { t } from '../l10n';
import { findKeyProblem, maskApiKey } from './apiKey';
import { connectTcp, getOverSocket, lookupHost, openTunnel, startTls, type HttpAnswer, type ResolvedAddress } from './connection';
import { describeEndpoint, type Endpoint } from './endpoint';
import { readAnswer } from './httpVerdict';
import { resolveApiKey } from './keySource';
import { decodeLeniently, chooseProxy, proxySecrets, ProxyUrlError, type ProxyChoice } from './proxy';
import { isLoopbackAddress } from './loopback';
import { redactResult } from './redaction';
import { InsecureTransportError, plainHttpWarnings } from './transport';
import { elapsed, StepRunner, StepStop } from './stepRunner';
import type { HealthResult } from './types';

export { HealthCheckCancelled } from './stepRunner';

export const defaultTimeoutMs = 10_000;

export interface HealthCheckOptions {
  /** Empty or undefined: https://api.openai.com/v1. */
  baseUrl?: string;
  organization?: string;
  project?: string;
  /** When set, also ask whether the key may use this model. */
  model?: string;
  /** Time limit of each step. */
  timeoutMs?: number;
  /** The key from the editor's secret storage, which wins over every other source. */
  secretKey?: string;
  env: NodeJS.ProcessEnv;
  /** Folder whose .env may be read; leave undefined where reading it is not allowed. */
  dotenvFolder?: string;
  /** The editor's proxy setting, which wins over HTTPS_PROXY / HTTP_PROXY. */
  proxy?: string;
  /** PEM certificates to trust in addition to Node's own (tests; a company CA). */
  extraCaCertificates?: readonly string[];
  signal?: AbortSignal;
  /**
   * Send the key over plain HTTP to (or through) a computer other than this one. The front ends set it only
   * after the user agreed: the CLI's --allow-insecure-http, the editor's confirmation.
   */
  allowInsecureHttp?: boolean;
  /** Name resolution and TCP connect; tests stand in for them so no traffic leaves 127.0.0.1. */
  network?: NetworkAccess;
}

export interface NetworkAccess {
  lookup(hostname: string, signal: AbortSignal): Promise<ResolvedAddress>;
  connect(address: ResolvedAddress, port: number, signal: AbortSignal): Promise<net.Socket>;
}

const systemNetwork: NetworkAccess = { lookup: lookupHost, connect: connectTcp };

/**
 * Runs the check. Resolves with a verdict for every diagnosable problem; rejects only with a BaseUrlError (a
 * base URL that is not a URL) or HealthCheckCancelled.
 */
export async function runHealthCheck(options: HealthCheckOptions): Promise<HealthResult> {
  const endpoint = describeEndpoint(options.baseUrl);
  const runner = new StepRunner(options.timeoutMs ?? defaultTimeoutMs, options.signal);
  const result: HealthResult = {
    ok: false, verdict: 'ok', baseUrl: endpoint.baseUrl, azure: endpoint.kind === 'azure', steps: runner.steps,
    // Programs run with this environment accept any certificate; the check itself verifies them anyway.
    warnings: options.env.NODE_TLS_REJECT_UNAUTHORIZED === '0' ? ['tls-checks-disabled'] : [],
  };
  try {
    const key = findKey(options, endpoint, runner, result);
    const proxy = findProxy(endpoint, options, runner);
    runner.secrets.exact.push(...proxySecrets(proxy));
    result.proxy = proxy?.display;
    // The front ends act on these before calling: the CLI refuses or warns, the extension asks first.
    result.warnings.unshift(...plainHttpWarnings(endpoint.modelsUrl, proxy));
    const headers = endpoint.headers(key, options.organization, options.project);

    const { answer, ms } = await fetchStepByStep(endpoint.modelsUrl, headers, proxy, options, runner);
    const reading = readAnswer(answer);
    Object.assign(result, { status: answer.status, requestId: reading.requestId, rateLimits: reading.rateLimits });
    if (reading.verdict !== 'ok') runner.stop('models', ms, reading.verdict, reading.detail ?? '');
    runner.record('models', true, ms, t('HTTP {0}, {1} models visible to this key', answer.status, countModels(answer.body)));

    if (options.model) await checkModel(options.model, endpoint, headers, proxy, options, runner, result);
    result.ok = true;
  } catch (error) {
    if (!(error instanceof StepStop)) throw error;
    result.verdict = error.verdict;
    if (error.detail) result.detail = error.detail;
  }
  return redactResult(result, runner.secrets);
}

function findKey(options: HealthCheckOptions, endpoint: Endpoint, runner: StepRunner, result: HealthResult): string {
  const started = performance.now();
  const variables = endpoint.kind === 'azure' ? ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY'] : ['OPENAI_API_KEY'];
  const { resolved, notes } = resolveApiKey({ secret: options.secretKey, env: options.env, dotenvFolder: options.dotenvFolder, variables });
  if (!resolved) {
    const places = [
      ...variables.map((name) => t('environment variable {0}', name)),
      ...(options.dotenvFolder !== undefined ? [t('the .env file of {0}', options.dotenvFolder)] : []),
    ].join(', ');
    runner.stop('key', elapsed(started), 'missing-api-key', [t('No API key found (looked in: {0}).', places), ...notes].join(' '));
  }
  runner.secrets.key = resolved.key;
  result.key = { source: resolved.source, masked: maskApiKey(resolved.key) };
  const where = `${resolved.source} ${result.key.masked}`;
  const problem = findKeyProblem(resolved.key, endpoint.kind, endpoint.official);
  // A malformed key would fail as "incorrect" at the server; saying why is more useful, and nothing is sent.
  if (problem) runner.stop('key', elapsed(started), 'invalid-authentication', `${where}: ${problem}`);
  // A line break in a header value would end the request early (Node refuses to send it): say which value.
  if (!isSendable(options.organization)) runner.stop('key', elapsed(started), 'mismatched-organization', t('The organization (OPENAI_ORG_ID or the organization setting) contains a line break or a control character, so it cannot be sent as a header; nothing was sent.'));
  if (!isSendable(options.project)) runner.stop('key', elapsed(started), 'invalid-request', t('The project (OPENAI_PROJECT_ID or the project setting) contains a line break or a control character, so it cannot be sent as a header; nothing was sent.'));
  runner.record('key', true, elapsed(started), where);
  return resolved.key;
}

/** A header value Node will send as it is: printable ASCII, spaces and tabs (empty means "not sent"). */
function isSendable(value: string | undefined): boolean {
  return !value || /^[\t\x20-\x7e]*$/.test(value);
}

function findProxy(endpoint: Endpoint, options: HealthCheckOptions, runner: StepRunner): ProxyChoice | undefined {
  try {
    return chooseProxy(endpoint.modelsUrl, options.env, options.proxy);
  } catch (error) {
    if (!(error instanceof ProxyUrlError)) throw error;
    return runner.stop('proxy', 0, 'proxy-error', error.message);
  }
}

async function checkModel(model: string, endpoint: Endpoint, headers: Record<string, string>, proxy: ProxyChoice | undefined, options: HealthCheckOptions, runner: StepRunner, result: HealthResult): Promise<void> {
  const started = performance.now();
  // A second connection whose steps were already shown once: here they only count towards the model step.
  const quiet = new StepRunner(options.timeoutMs ?? defaultTimeoutMs, options.signal);
  Object.assign(quiet.secrets, runner.secrets);
  let answer: HttpAnswer;
  try {
    answer = (await fetchStepByStep(endpoint.modelUrl(model), headers, proxy, options, quiet)).answer;
  } catch (error) {
    if (error instanceof StepStop) runner.stop('model', elapsed(started), error.verdict, error.detail);
    throw error;
  }
  const reading = readAnswer(answer);
  const available = reading.verdict === 'ok';
  result.model = { name: model, available };
  if (!available) runner.stop('model', elapsed(started), answer.status === 404 ? 'model-not-found' : reading.verdict, reading.detail ?? '');
  runner.record('model', true, elapsed(started), t('{0} is available to this key', model));
}

/**
 * DNS, TCP, the proxy tunnel and TLS as separate recorded steps, then the GET itself over that connection;
 * the GET is timed but left for the caller to record, because its verdict decides how.
 */
async function fetchStepByStep(url: URL, headers: Record<string, string>, proxy: ProxyChoice | undefined, options: HealthCheckOptions, runner: StepRunner): Promise<{ answer: HttpAnswer; ms: number }> {
  const first = proxy?.url ?? url;
  const port = Number(first.port) || (first.protocol === 'https:' ? 443 : 80);
  const https = url.protocol === 'https:';
  const network = options.network ?? systemNetwork;
  const plainWarnings = plainHttpWarnings(url, proxy);
  const lookUp = async (signal: AbortSignal) => {
    // Refused before the name is even looked up when the name alone says "another computer".
    if (plainWarnings.length > 0 && !options.allowInsecureHttp) throw new InsecureTransportError(first.hostname, undefined, plainWarnings.includes('insecure-proxy'));
    const found = await network.lookup(first.hostname, signal);
    if (!https && !isLoopbackAddress(found.address) && !options.allowInsecureHttp) throw new InsecureTransportError(first.hostname, found.address, Boolean(proxy));
    return found;
  };
  const { value: address } = await runner.run('dns', first.hostname, lookUp, (found) => found.address);
  let { value: socket } = await runner.run<net.Socket>('tcp', first.hostname, (signal) => network.connect(address, port, signal), () => `${address.address}:${port}`);
  try {
    return await exchange(socket, url, headers, proxy, options, runner);
  } finally {
    // Whatever happened, nothing of this check keeps a connection open.
    socket.destroy();
  }
}

async function exchange(socket: net.Socket, url: URL, headers: Record<string, string>, proxy: ProxyChoice | undefined, options: HealthCheckOptions, runner: StepRunner): Promise<{ answer: HttpAnswer; ms: number }> {
  const target = url.hostname;
  const https = url.protocol === 'https:';
  const proxyAuthorization = proxy ? basicAuthorization(proxy.url) : undefined;
  if (proxy && https) {
    const targetPort = Number(url.port) || 443;
    await runner.run('proxy', target, (signal) => openTunnel(socket, target, targetPort, proxyAuthorization, signal), () => t('tunnel to {0} through {1}', `${target}:${targetPort}`, proxy.display));
  }
  if (https) {
    ({ value: socket } = await runner.run<net.Socket>('tls', target, (signal) => startTls(socket, target, options.extraCaCertificates ?? [], signal), describeTls));
  }
  // Plain HTTP through a proxy is an ordinary request to the proxy with the full URL as its target.
  const viaProxy = Boolean(proxy) && !https;
  const requestHeaders = viaProxy && proxyAuthorization ? { ...headers, 'proxy-authorization': proxyAuthorization } : headers;
  const { value: answer, ms } = await runner.run('models', target, (signal) => getOverSocket(socket, url, requestHeaders, viaProxy, signal));
  return { answer, ms };
}

function basicAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  return `Basic ${Buffer.from(`${decodeLeniently(proxy.username)}:${decodeLeniently(proxy.password)}`).toString('base64')}`;
}

function describeTls(socket: net.Socket): string {
  const secure = socket as import('tls').TLSSocket;
  const issuer = secure.getPeerCertificate().issuer;
  const issuerName = issuer ? issuer.O || issuer.CN : undefined;
  return [secure.getProtocol(), issuerName ? t('certificate issued by {0}', issuerName) : undefined].filter(Boolean).join(', ');
}

function countModels(body: string): number {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return Array.isArray(parsed.data) ? parsed.data.length : 0;
  } catch {
    return 0;
  }
}
