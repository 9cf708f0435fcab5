/**
 * Recipient addresses come from HTTP bodies and from other modules' events, and end up
 * in mail headers. They are normalized (trimmed, lowercase) and must have a plausible
 * shape: one @, no whitespace, control characters, commas or angle brackets (so one
 * string is always exactly one recipient), and a dotted domain. The same rule as the
 * customers module's, kept here because notifications imports no other module.
 */
export const emailLengthMax = 254;
const localPartLengthMax = 64;

const shapePattern =
  /^[^\s@\p{Cc},;<>()"]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/u;

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** True when a normalized email is acceptable as a single recipient. */
export function isEmail(email: string): boolean {
  if (email.length === 0 || email.length > emailLengthMax) return false;
  const at = email.indexOf('@');
  if (at < 1 || at > localPartLengthMax) return false;
  return shapePattern.test(email);
}
