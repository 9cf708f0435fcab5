import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TOTP (RFC 6238) over HOTP (RFC 4226), with the parameters authenticator apps expect:
 * HMAC-SHA-1, 6 digits, 30-second steps. Secrets travel as base32 (RFC 4648, no
 * padding). Pure: time comes in as milliseconds, randomness as bytes.
 */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export type TotpOptions = {
  readonly algorithm: TotpAlgorithm;
  readonly digits: number;
  readonly periodSeconds: number;
  /** Steps accepted either side of now, for clock drift and typing time. */
  readonly window: number;
};

export const totpDefaults: TotpOptions = Object.freeze({ algorithm: 'sha1', digits: 6, periodSeconds: 30, window: 1 });

/** 160-bit secrets, the size RFC 4226 recommends for HMAC-SHA-1. */
export const totpSecretBytes = 20;

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; undefined for any other character. */
export function base32Decode(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = base32Alphabet.indexOf(char);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Uint8Array.from(bytes);
}

/** RFC 4226: the code for one counter value, zero-padded to `digits`. */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac(algorithm, key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The time step of an instant: whole periods since the Unix epoch. */
export function totpStep(timeMs: number, periodSeconds = totpDefaults.periodSeconds): number {
  return Math.floor(timeMs / 1000 / periodSeconds);
}

export function totp(key: Uint8Array, timeMs: number, options: TotpOptions = totpDefaults): string {
  return hotp(key, totpStep(timeMs, options.periodSeconds), options.digits, options.algorithm);
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The time step `code` belongs to, within `window` steps of now, or undefined. Steps
 * up to `lastUsedStep` are never accepted: a code (and any older one) works once.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  timeMs: number,
  lastUsedStep: number | null,
  options: TotpOptions = totpDefaults,
): number | undefined {
  if (code.length !== options.digits || !/^[0-9]+$/.test(code)) return undefined;
  const now = totpStep(timeMs, options.periodSeconds);
  // Every candidate is computed, matched or not, so the time taken does not say which step matched.
  let matched: number | undefined;
  for (let offset = -options.window; offset <= options.window; offset++) {
    const step = now + offset;
    if (step < 0) continue;
    const fresh = lastUsedStep === null || step > lastUsedStep;
    if (sameCode(hotp(key, step, options.digits, options.algorithm), code) && fresh && matched === undefined)
      matched = step;
  }
  return matched;
}

/** The `otpauth://` URI authenticator apps scan (Key Uri Format). */
export function otpauthUrl(
  issuer: string,
  accountName: string,
  secret: string,
  options: TotpOptions = totpDefaults,
): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: options.algorithm.toUpperCase(),
    digits: String(options.digits),
    period: String(options.periodSeconds),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
