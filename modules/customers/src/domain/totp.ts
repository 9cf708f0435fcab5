import { HOTP, Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) over HOTP (RFC 4226), with the parameters authenticator apps expect:
 * HMAC-SHA-1, 6 digits, 30-second steps. Secrets travel as base32 (RFC 4648, no
 * padding). The codes, the base32 and the `otpauth://` URI are the `otpauth` package's;
 * what stays here is this module's policy: the drift window, codes that work once, and
 * checking every step of the window alike. Pure: time comes in as milliseconds,
 * randomness as bytes.
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

/** A copy of the bytes in a buffer of their own: a Node Buffer may be a view into a shared pool. */
function secretOf(key: Uint8Array): Secret {
  return new Secret({ buffer: new Uint8Array(key).buffer });
}

/** The name `otpauth` and the URI format use: `SHA1`. */
const algorithmName = (algorithm: TotpAlgorithm) => algorithm.toUpperCase();

export function base32Encode(bytes: Uint8Array): string {
  return secretOf(bytes).base32;
}

/** Decodes base32, ignoring case, spaces and padding; undefined for any other character. */
export function base32Decode(text: string): Uint8Array | undefined {
  try {
    return Secret.fromBase32(text.replace(/[\s=]/g, '')).bytes;
  } catch {
    return undefined;
  }
}

/** RFC 4226: the code for one counter value, zero-padded to `digits`. */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  return HOTP.generate({ secret: secretOf(key), algorithm: algorithmName(algorithm), digits, counter });
}

/** The time step of an instant: whole periods since the Unix epoch. */
export function totpStep(timeMs: number, periodSeconds = totpDefaults.periodSeconds): number {
  return TOTP.counter({ period: periodSeconds, timestamp: timeMs });
}

export function totp(key: Uint8Array, timeMs: number, options: TotpOptions = totpDefaults): string {
  return TOTP.generate({
    secret: secretOf(key),
    algorithm: algorithmName(options.algorithm),
    digits: options.digits,
    period: options.periodSeconds,
    timestamp: timeMs,
  });
}

/**
 * The time step `code` belongs to, within `window` steps of now, or undefined. Steps
 * up to `lastUsedStep` are never accepted: a code (and any older one) works once.
 * `TOTP.validate` stops at the first match, nearest step first; here every step of the
 * window is checked, matched or not, so the time taken does not say which step
 * matched, and the earliest step not yet used wins.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  timeMs: number,
  lastUsedStep: number | null,
  options: TotpOptions = totpDefaults,
): number | undefined {
  if (code.length !== options.digits || !/^[0-9]+$/.test(code)) return undefined;
  const secret = secretOf(key);
  const algorithm = algorithmName(options.algorithm);
  const now = totpStep(timeMs, options.periodSeconds);
  let matched: number | undefined;
  for (let offset = -options.window; offset <= options.window; offset++) {
    const step = now + offset;
    if (step < 0) continue;
    const fresh = lastUsedStep === null || step > lastUsedStep;
    const same =
      HOTP.validate({ token: code, secret, algorithm, digits: options.digits, counter: step, window: 0 }) === 0;
    if (same && fresh && matched === undefined) matched = step;
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
  return new TOTP({
    issuer,
    label: accountName,
    secret: Secret.fromBase32(secret),
    algorithm: algorithmName(options.algorithm),
    digits: options.digits,
    period: options.periodSeconds,
  }).toString();
}
