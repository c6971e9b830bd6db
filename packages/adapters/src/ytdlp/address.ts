/**
 * Which network addresses a download may reach. A server that fetches URLs on behalf of its users
 * must not become a way into the machine's own network (SSRF): loopback, private, link-local,
 * unique-local, carrier-grade NAT and other non-public ranges are refused unless the Fetcher's
 * `allowPrivateAddresses` is set. The check runs on the addresses DNS returned, inside the socket's
 * own lookup, so the address checked is the address connected to (see docs/RELIABILITY.md).
 *
 * @since 0.1.0
 */
import { BlockList, isIP } from "node:net"
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from "node:dns"
import { lookup as dnsLookup } from "node:dns"

/**
 * The refused ranges, each with why it is not a public internet address. IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`) is matched against the IPv4 rows by `BlockList` itself; NAT64 and 6to4
 * addresses embed an IPv4 one and are unwrapped by `embeddedIpv4` first.
 *
 * @since 0.1.0
 */
export const NON_PUBLIC_RANGES: ReadonlyArray<readonly [network: string, prefix: number, family: "ipv4" | "ipv6", why: string]> = [
  ["0.0.0.0", 8, "ipv4", "this network (0.0.0.0 reaches the local host)"],
  ["10.0.0.0", 8, "ipv4", "private"],
  ["100.64.0.0", 10, "ipv4", "carrier-grade NAT"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local (cloud metadata services live here)"],
  ["172.16.0.0", 12, "ipv4", "private"],
  ["192.0.0.0", 24, "ipv4", "IETF protocol assignments"],
  ["192.0.2.0", 24, "ipv4", "documentation"],
  ["192.88.99.0", 24, "ipv4", "6to4 relay anycast"],
  ["192.168.0.0", 16, "ipv4", "private"],
  ["198.18.0.0", 15, "ipv4", "benchmarking"],
  ["198.51.100.0", 24, "ipv4", "documentation"],
  ["203.0.113.0", 24, "ipv4", "documentation"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved and broadcast"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  ["::", 96, "ipv6", "IPv4-compatible (deprecated)"],
  ["100::", 64, "ipv6", "discard"],
  ["2001:db8::", 32, "ipv6", "documentation"],
  ["fc00::", 7, "ipv6", "unique-local"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["fec0::", 10, "ipv6", "site-local (deprecated)"],
  ["ff00::", 8, "ipv6", "multicast"]
]

const blocked = new BlockList()
for (const [network, prefix, family] of NON_PUBLIC_RANGES) blocked.addSubnet(network, prefix, family)

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, else null. */
const embeddedIpv4 = (ip: string): string | null => {
  const groups = expandIpv6(ip)
  if (groups === null) return null
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return v4(groups[6]!, groups[7]!)
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!)
  return null
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail expanded). */
const expandIpv6 = (ip: string): ReadonlyArray<number> | null => {
  let text = ip.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail, ...rest] = text.split("::")
  if (rest.length > 0 || head === undefined) return null
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  const groups = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null
}

/**
 * Whether `ip` (an IPv4 or IPv6 literal, brackets allowed) is outside the public internet. A
 * string that is not an IP address at all counts as non-public: refusing is the safe answer.
 *
 * @since 0.1.0
 */
export const isNonPublicAddress = (ip: string): boolean => {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip
  const family = isIP(bare)
  if (family === 4) return blocked.check(bare, "ipv4")
  if (family !== 6) return true
  if (blocked.check(bare, "ipv6")) return true
  const inner = embeddedIpv4(bare)
  return inner !== null && blocked.check(inner, "ipv4")
}

/**
 * The error a guarded lookup hands to the socket: a download to a non-public address. The HTTP
 * client turns it into `FetchFailed` with reason `private address`.
 *
 * @since 0.1.0
 */
export class NonPublicAddress extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a private, loopback or link-local address; set allowPrivateAddresses to allow it`)
    this.name = "NonPublicAddress"
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | ReadonlyArray<LookupAddress>, family?: number) => void

/**
 * A drop-in for `dns.lookup` (the `lookup` option of `http.request`) that fails with
 * `NonPublicAddress` when any address the name resolves to is refused by `isRefused` (by default
 * every non-public one) — any, not only the first, so a name with one public and one private
 * record cannot be used to reach the private one.
 *
 * @since 0.1.0
 */
export const guardedLookup = (isRefused: (ip: string) => boolean = isNonPublicAddress) =>
(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, [])
    const bad = addresses.find((a) => isRefused(a.address))
    if (bad !== undefined) return callback(new NonPublicAddress(hostname, bad.address) as NodeJS.ErrnoException, [])
    if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), [])
    if ((options as LookupAllOptions).all === true) return callback(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

/**
 * Resolves a URL's host (or takes its IP literal) and returns the first non-public address, or
 * null when every address is public. For callers that cannot hook the socket (yt-dlp).
 *
 * @since 0.1.0
 */
export const firstNonPublicAddress = (hostname: string, isRefused: (ip: string) => boolean = isNonPublicAddress): Promise<string | null> => {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname
  if (isIP(bare) !== 0) return Promise.resolve(isRefused(bare) ? bare : null)
  return new Promise((resolve, reject) =>
    dnsLookup(bare, { all: true }, (error, addresses) => {
      if (error) return reject(error)
      resolve(addresses.find((a) => isRefused(a.address))?.address ?? null)
    })
  )
}
