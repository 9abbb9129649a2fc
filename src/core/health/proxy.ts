// Which proxy a request to the API goes through: VS Code's http.proxy setting when the editor passes one,
// else HTTPS_PROXY / HTTP_PROXY from the environment, unless NO_PROXY exempts the host.
import { t } from '../l10n';

export interface ProxyChoice {
  url: URL;
  /** For the report: the proxy without its user name and password. */
  display: string;
}

export class ProxyUrlError extends Error {}

export function chooseProxy(target: URL, env: NodeJS.ProcessEnv, editorProxy?: string): ProxyChoice | undefined {
  const read = (name: string) => env[name] || env[name.toLowerCase()] || '';
  const configured = editorProxy?.trim() || (target.protocol === 'https:' ? read('HTTPS_PROXY') || read('HTTP_PROXY') : read('HTTP_PROXY'));
  if (!configured || bypassesProxy(target, read('NO_PROXY'))) return undefined;
  let url: URL;
  try {
    url = new URL(withEncodedCredentials(/^[a-z][a-z0-9+.-]*:\/\//i.test(configured) ? configured : `http://${configured}`));
  } catch {
    throw new ProxyUrlError(t('The proxy setting "{0}" is not a valid URL.', hideCredentials(configured)));
  }
  if (url.protocol !== 'http:') {
    throw new ProxyUrlError(t('Only http:// proxies are supported (got "{0}").', url.protocol));
  }
  return { url, display: hideCredentials(url.href) };
}

/** NO_PROXY: comma- or space-separated host names, domain suffixes (".corp" or "corp"), optional ":port", or "*". */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const { name, entryPort } = splitHostPort(entry.toLowerCase());
    if (entryPort && entryPort !== port) return false;
    const suffix = name.replace(/^\*?\./, '');
    return host === suffix || host.endsWith(`.${suffix}`);
  });
}

function splitHostPort(entry: string): { name: string; entryPort?: string } {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1], entryPort: bracketed[2] };
  if (entry.split(':').length > 2) return { name: entry }; // a bare IPv6 address has no port
  const [name, entryPort] = entry.split(':');
  return { name, entryPort };
}

/**
 * People write proxy passwords as they are ("S3cr/etPW", "50%off"); a URL needs them percent-encoded. The
 * credentials run up to the last "@" (proxy URLs have no path that could hold one); what is already
 * encoded stays as it is.
 */
function withEncodedCredentials(written: string): string {
  const [, scheme, rest] = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(written) ?? [];
  const at = rest?.lastIndexOf('@') ?? -1;
  if (at < 0) return written;
  const credentials = rest.slice(0, at);
  const colon = credentials.indexOf(':');
  const encode = (part: string) => encodeURIComponent(decodeLeniently(part));
  const userinfo = colon < 0 ? encode(credentials) : `${encode(credentials.slice(0, colon))}:${encode(credentials.slice(colon + 1))}`;
  return `${scheme}${userinfo}@${rest.slice(at + 1)}`;
}

/** Percent-decodes what is validly encoded and keeps the rest (a bare "%") as written. */
export function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9a-f]{2}/gi, (escape) => {
      try {
        return decodeURIComponent(escape);
      } catch {
        return escape;
      }
    });
  }
}

/** The proxy's password as written and as sent, for redaction. */
export function proxySecrets(proxy: ProxyChoice | undefined): string[] {
  if (!proxy?.url.password) return [];
  return [proxy.url.password, decodeLeniently(proxy.url.password)];
}

/** Removes "user:password@" (up to the last "@") from a URL-like text so proxy credentials never reach a report. */
export function hideCredentials(text: string): string {
  return text.replace(/^(\s*(?:[a-z][a-z0-9+.-]*:\/\/)?)\S*@/i, '$1');
}
