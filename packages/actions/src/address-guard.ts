import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Keeps actions from being an SSRF hole: unless an admin allows it for an action, its URL may only
 * reach public unicast addresses, not loopback, private, link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT, multicast or reserved ranges. The check runs where the connection is made (the
 * socket's DNS lookup), so a name that resolves to a public address when saved and a private one later
 * (DNS rebinding) is still refused.
 */

export class PrivateAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), a non-public address; allow private network addresses for this action to call it`);
    this.name = 'PrivateAddressError';
  }
}

/** The range an address is in ("unicast" for a public one), IPv4-mapped IPv6 read as IPv4. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && addressRange(address) === 'unicast';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:http(s) that refuses non-public addresses (every address a name resolves to). */
export function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true } as { all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, []);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) return callback(Object.assign(new PrivateAddressError(hostname, refused.address, addressRange(refused.address)), { code: 'EPRIVATE' }), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

/** Save-time check of an action URL: where it resolves now (a literal address or a name). */
export async function checkActionAddress(url: string, allowPrivateNetwork: boolean): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (allowPrivateNetwork) return { ok: true };
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    publicOnlyLookup(host, { all: true }, (error) => {
      if (!error) return resolve({ ok: true });
      resolve({ ok: false, reason: error instanceof PrivateAddressError ? error.message : `${host} does not resolve (${error.code ?? error.message})` });
    });
  });
}
