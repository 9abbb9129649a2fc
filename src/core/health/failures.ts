// Turns what went wrong in a network step into a verdict (a catalog id) and one sentence that says exactly
// what happened and what to try, with the code Node or OpenSSL reported so it can be searched for.
import { t } from '../l10n';
import { ProxyError } from './connection';
import { InsecureTransportError } from './transport';
import type { HealthStepName } from './types';

export interface StepFailure {
  verdict: string;
  detail: string;
}

/** Raised inside a step when its own time limit passed (as opposed to the user cancelling). */
export class StepTimeout extends Error {
  constructor(readonly ms: number) {
    super(`step timed out after ${ms} ms`);
  }
}

const untrustedIssuer = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

export function describeFailure(step: HealthStepName, error: unknown, host: string): StepFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StepTimeout) {
    return { verdict: 'timeout', detail: t('No answer within {0} ms during the "{1}" step.', error.ms, step) };
  }
  if (error instanceof InsecureTransportError) return { verdict: 'connection-error', detail: error.message };
  if (error instanceof ProxyError) {
    const detail = error.status === 407
      ? t('The proxy wants a user name and password (407): put them in the proxy URL as http://user:password@host:port.')
      : t('The proxy refused the tunnel to {0}: {1}.', host, error.message);
    return { verdict: 'proxy-error', detail };
  }
  switch (step) {
    case 'dns':
      return {
        verdict: 'dns-error',
        detail: code === 'EAI_AGAIN'
          ? t('The name {0} could not be resolved right now ({1}): the DNS server did not answer; check the network or VPN.', host, code)
          : t('The name {0} does not resolve ({1}): check the spelling of the base URL and the DNS or VPN settings.', host, code || message),
      };
    case 'tls':
      return { verdict: 'tls-error', detail: describeTlsFailure(code, message, host) };
    case 'proxy':
      return { verdict: 'proxy-error', detail: describeConnectionFailure(code, message, host) };
    default:
      return { verdict: 'connection-error', detail: describeConnectionFailure(code, message, host) };
  }
}

function describeConnectionFailure(code: string, message: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return t('{0} refused the connection (ECONNREFUSED): nothing listens on that port, or a firewall rejects it.', host);
    case 'ECONNRESET':
      return t('{0} closed the connection (ECONNRESET): a firewall or proxy may be cutting it.', host);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return t('There is no route to {0} ({1}): check the network connection, VPN or proxy settings.', host, code);
    default:
      return t('The connection to {0} failed: {1}', host, code ? `${code} ${message}` : message);
  }
}

function describeTlsFailure(code: string, message: string, host: string): string {
  if (untrustedIssuer.has(code)) {
    return t('The certificate presented for {0} is not signed by an authority Node trusts ({1}). On a company network this is usually a proxy that inspects HTTPS: get its CA certificate and point NODE_EXTRA_CA_CERTS at the file (in VS Code, also keep http.systemCertificates on).', host, code);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return t('The certificate presented for {0} is outside its validity period ({1}): check this computer\'s clock, then whether a proxy presents an old certificate.', host, code);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return t('The certificate presented is not for {0} ({1}): check the host in the base URL, or a proxy is answering in its place.', host, code);
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(message)) {
    return t('{0} does not speak TLS on this port ({1}): does the base URL need http:// instead of https://, or the other port?', host, code || 'wrong version number');
  }
  return t('The TLS handshake with {0} failed: {1}', host, code ? `${code} ${message}` : message);
}
