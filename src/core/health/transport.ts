// Whether the key would cross the network in clear: a plain-HTTP base URL, or a plain-HTTP request through a
// proxy, is safe only while every computer that sees the request is this one. Names are judged twice: before
// anything runs by what they say ("localhost"), so the front ends can ask first, and again by the address
// they resolve to, before connecting, since a resolver may send "api.localhost" anywhere.
import { t } from '../l10n';
import { chooseProxy, ProxyUrlError, type ProxyChoice } from './proxy';
import { describeEndpoint } from './endpoint';
import { namesThisMachine } from './loopback';
import type { HealthWarning } from './types';

/** What would see the key in clear, judged by name: the base URL's host and the proxy's. */
export function plainHttpWarnings(target: URL, proxy: ProxyChoice | undefined): HealthWarning[] {
  if (target.protocol !== 'http:') return [];
  const warnings: HealthWarning[] = [];
  if (!namesThisMachine(target.hostname)) warnings.push('insecure-base-url');
  if (proxy && !namesThisMachine(proxy.url.hostname)) warnings.push('insecure-proxy');
  return warnings;
}

/**
 * For the front ends, before they run the check: the plain-HTTP warnings for this base URL and proxy setup
 * (none when the base URL or proxy is unusable: the check itself reports that).
 */
export function findPlainHttpWarnings(baseUrl: string | undefined, env: NodeJS.ProcessEnv, editorProxy?: string): HealthWarning[] {
  try {
    const target = describeEndpoint(baseUrl).modelsUrl;
    return plainHttpWarnings(target, chooseProxy(target, env, editorProxy));
  } catch (error) {
    if (error instanceof ProxyUrlError) return plainHttpWarnings(describeEndpoint(baseUrl).modelsUrl, undefined);
    return [];
  }
}

/** The key was not sent because it would have travelled in clear to another computer. */
export class InsecureTransportError extends Error {
  constructor(readonly host: string, readonly address: string | undefined, readonly throughProxy: boolean) {
    super(address && address !== host
      ? t('Not sent: {0} resolves to {1}, which is not this computer, and the request would travel in plain HTTP with the API key readable on the way. Use https://, or allow plain HTTP explicitly (doctor --allow-insecure-http).', host, address)
      : throughProxy
        ? t('Not sent: the request would go in plain HTTP through the proxy {0} on another computer, which would see the API key. Use an https:// base URL, or allow plain HTTP explicitly (doctor --allow-insecure-http).', host)
        : t('Not sent: {0} is another computer and the base URL uses plain HTTP, so the API key would travel unencrypted. Use https://, or allow plain HTTP explicitly (doctor --allow-insecure-http).', host));
  }
}
