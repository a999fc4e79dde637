/**
 * What kind of place an IP address is: this machine (loopback), a network that is not the public
 * internet (private, link-local, carrier-grade NAT, multicast, documentation, reserved…), or the
 * public internet. A webhook may reach the first only with `loopback` allowed, and the second only
 * when the address itself is listed (see refusedAddress in webhooks.ts).
 */
export type AddressKind = 'loopback' | 'internal' | 'public';

/** [first address, prefix length] in IPv4's 32 bits. */
const IPV4_INTERNAL: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches this machine on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((value, p) => value * 256 + Number(p), 0);
}

const inIPv4 = (value: number, [first, bits]: [string, number]) =>
  Math.floor(value / 2 ** (32 - bits)) === Math.floor((parseIPv4(first) ?? -1) / 2 ** (32 - bits));

function ipv4Kind(value: number): AddressKind {
  if (inIPv4(value, ['127.0.0.0', 8])) return 'loopback';
  return IPV4_INTERNAL.some((range) => inIPv4(value, range)) ? 'internal' : 'public';
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part allowed, a %zone ignored), or null. */
function parseIPv6(text: string): number[] | null {
  let rest = text.replace(/%.*$/, '');
  const dotted = /\d{1,3}(?:\.\d{1,3}){3}$/.exec(rest)?.[0];
  if (dotted) {
    const v4 = parseIPv4(dotted);
    if (v4 === null) return null;
    rest = `${rest.slice(0, -dotted.length)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => Number.parseInt(g, 16));
}

function ipv6Kind(g: number[]): AddressKind {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h6 = 0, h7 = 0] = g;
  const embedded = h6 * 65536 + h7;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(7) && h7 === 1) return 'loopback';
  if (zeroUpTo(5) && f === 0xffff) return ipv4Kind(embedded); // ::ffff:a.b.c.d, IPv4-mapped
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return ipv4Kind(embedded); // NAT64
  if (a === 0x2002) return ipv4Kind(b * 65536 + c); // 6to4
  if (zeroUpTo(6)) return 'internal'; // unspecified, and the old IPv4-compatible ::a.b.c.d
  if ((a & 0xfe00) === 0xfc00) return 'internal'; // unique local
  if ((a & 0xffc0) === 0xfe80 || (a & 0xffc0) === 0xfec0) return 'internal'; // link-local, site-local
  if ((a & 0xff00) === 0xff00) return 'internal'; // multicast
  if (a === 0x2001 && b === 0x0db8) return 'internal'; // documentation
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return 'internal'; // discard-only
  if (a === 0x64 && b === 0xff9b) return 'internal'; // NAT64 for local use
  return 'public';
}

/** The kind of `address` (IPv4 dotted, or IPv6 with or without brackets); null if it is not an IP address. */
export function addressKind(address: string): AddressKind | null {
  const v4 = parseIPv4(address);
  if (v4 !== null) return ipv4Kind(v4);
  const v6 = parseIPv6(address.replace(/^\[(.*)\]$/, '$1'));
  return v6 === null ? null : ipv6Kind(v6);
}
