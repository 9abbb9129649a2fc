// Which hosts and addresses are this machine, for deciding whether plain HTTP keeps the key on it.
import * as net from 'net';

/** An IP address of this machine's loopback interface (127.0.0.0/8, ::1, and ::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (!net.isIPv6(host)) return false;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped: "::ffff:127.0.0.1", which URLs write as "::ffff:7f00:1".
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
  return mapped !== undefined ? mapped.startsWith('127.') : /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/** A host that names this machine: a loopback address, "localhost" or a name under ".localhost". */
export function namesThisMachine(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (net.isIP(host)) return isLoopbackAddress(host);
  return host === 'localhost' || host.endsWith('.localhost');
}
