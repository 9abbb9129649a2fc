// Turns the configured base URL into the requests the check sends: OpenAI (and compatible servers) use
// "Authorization: Bearer" on {base}/models; Azure OpenAI uses an "api-key" header and an api-version on
// {endpoint}/openai/models.
import { t } from '../l10n';
import type { KeyKind } from './apiKey';
import { namesThisMachine } from './loopback';

export const defaultBaseUrl = 'https://api.openai.com/v1';

/** A generally available Azure OpenAI data-plane API version that serves GET /openai/models. */
export const defaultAzureApiVersion = '2024-10-21';

export interface Endpoint {
  kind: KeyKind;
  /** The base URL as given, for the report. */
  baseUrl: string;
  /** GET this to prove the key and the connection. */
  modelsUrl: URL;
  /** GET this to learn whether the key may use one model. */
  modelUrl(model: string): URL;
  /** Headers that carry the key (and, for OpenAI, the organization and project). */
  headers(key: string, organization?: string, project?: string): Record<string, string>;
  /** Plain HTTP to a host other than this machine: the key would travel unencrypted. */
  insecure: boolean;
  /** The official service, where keys always start with "sk-". */
  official: boolean;
}

export class BaseUrlError extends Error {}

export function describeEndpoint(baseUrl: string | undefined): Endpoint {
  const given = (baseUrl ?? '').trim() || defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new BaseUrlError(t('The base URL "{0}" is not a valid URL.', given));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BaseUrlError(t('The base URL must start with https:// (got "{0}").', url.protocol));
  }
  if (url.username || url.password) {
    throw new BaseUrlError(t('The base URL must not contain a user name or password.'));
  }
  const insecure = url.protocol === 'http:' && !namesThisMachine(url.hostname);
  const azureMarker = url.pathname.indexOf('/openai');
  const azure = url.hostname.endsWith('.openai.azure.com') || url.pathname.includes('/openai/deployments');
  if (azure) {
    const apiVersion = url.searchParams.get('api-version') || defaultAzureApiVersion;
    const root = `${url.origin}${azureMarker >= 0 ? url.pathname.slice(0, azureMarker) : url.pathname.replace(/\/+$/, '')}/openai`;
    const build = (suffix: string) => {
      const target = new URL(`${root}${suffix}`);
      target.searchParams.set('api-version', apiVersion);
      return target;
    };
    return {
      kind: 'azure', baseUrl: given, insecure, official: false,
      modelsUrl: build('/models'),
      modelUrl: (model) => build(`/models/${encodeURIComponent(model)}`),
      headers: (key) => ({ 'api-key': key }),
    };
  }
  const root = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return {
    kind: 'openai', baseUrl: given, insecure, official: url.hostname === 'api.openai.com',
    modelsUrl: new URL(`${root}/models${url.search}`),
    modelUrl: (model) => new URL(`${root}/models/${encodeURIComponent(model)}${url.search}`),
    headers: (key, organization, project) => ({
      authorization: `Bearer ${key}`,
      ...(organization ? { 'openai-organization': organization } : {}),
      ...(project ? { 'openai-project': project } : {}),
    }),
  };
}

/** Whether a host names this machine (by its name: the check also looks at the address it resolves to). */
export const isLoopback = namesThisMachine;
