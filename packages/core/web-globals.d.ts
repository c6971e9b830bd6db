// The two web-standard globals the core uses. Every JavaScript runtime Heaters targets (Node,
// Deno, Bun, browsers) has them; declaring just these keeps the rest of DOM and Node out of reach.
declare class URL {
  constructor(input: string, base?: string)
  readonly href: string
  readonly hostname: string
  readonly username: string
  readonly password: string
}
declare class TextEncoder {
  encode(input?: string): Uint8Array
}
