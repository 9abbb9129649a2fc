// The health check: find the key, then walk the connection one step at a time (DNS, TCP, proxy tunnel, TLS,
// GET /models, optionally the configured model), timing each and stopping at the first that fails, so the
// verdict names the layer that is broken. Nothing here knows about VS Code; the extension and `doctor` both
// call runHealthCheck.
import type * as net from 'net';
import { t } from '../l10n';
import { findKeyProblem, maskApiKey } from './apiKey';
import { connectTcp, getOverSocket, lookupHost, openTunnel, startTls, type HttpAnswer } from './connection';
import { describeEndpoint, type Endpoint } from './endpoint';
import { readAnswer } from './httpVerdict';
import { resolveApiKey } from './keySource';
import { chooseProxy, ProxyUrlError, type ProxyChoice } from './proxy';
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
}

/**
 * Runs the check. Resolves with a verdict for every diagnosable problem; rejects only with a BaseUrlError (a
 * base URL that is not a URL) or HealthCheckCancelled.
 */
export async function runHealthCheck(options: HealthCheckOptions): Promise<HealthResult> {
  const endpoint = describeEndpoint(options.baseUrl);
  const runner = new StepRunner(options.timeoutMs ?? defaultTimeoutMs, options.signal);
  const result: HealthResult = {
    ok: false, verdict: 'ok', baseUrl: endpoint.baseUrl, azure: endpoint.kind === 'azure', steps: runner.steps,
    // The front ends act on this before calling: the CLI warns, the extension asks first.
    warnings: endpoint.insecure ? ['insecure-base-url'] : [],
  };
  try {
    const key = findKey(options, endpoint, runner, result);
    const proxy = findProxy(endpoint, options, runner);
    result.proxy = proxy?.display;
    const headers = endpoint.headers(key, options.organization, options.project);

    const { answer, ms } = await fetchStepByStep(endpoint.modelsUrl, headers, proxy, options, runner);
    const reading = readAnswer(answer);
    Object.assign(result, { status: answer.status, requestId: reading.requestId, rateLimits: reading.rateLimits });
    if (reading.verdict !== 'ok') runner.stop('models', ms, reading.verdict, reading.detail ?? '');
    runner.record('models', true, ms, t('HTTP {0}, {1} models visible to this key', answer.status, countModels(answer.body)));

    if (options.model) await checkModel(options.model, endpoint, headers, proxy, options, runner, result);
    result.ok = true;
    return result;
  } catch (error) {
    if (!(error instanceof StepStop)) throw error;
    result.verdict = error.verdict;
    if (error.detail) result.detail = error.detail;
    return result;
  }
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
  runner.key = resolved.key;
  result.key = { source: resolved.source, masked: maskApiKey(resolved.key) };
  const where = `${resolved.source} ${result.key.masked}`;
  const problem = findKeyProblem(resolved.key, endpoint.kind, endpoint.official);
  // A malformed key would fail as "incorrect" at the server; saying why is more useful, and nothing is sent.
  if (problem) runner.stop('key', elapsed(started), 'invalid-authentication', `${where}: ${problem}`);
  runner.record('key', true, elapsed(started), where);
  return resolved.key;
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
  quiet.key = runner.key;
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
  const target = url.hostname;
  const first = proxy?.url ?? url;
  const port = Number(first.port) || (first.protocol === 'https:' ? 443 : 80);
  const https = url.protocol === 'https:';
  const { value: address } = await runner.run('dns', first.hostname, (signal) => lookupHost(first.hostname, signal), (found) => found.address);
  let { value: socket } = await runner.run<net.Socket>('tcp', first.hostname, (signal) => connectTcp(address, port, signal), () => `${address.address}:${port}`);
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
  return `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
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
