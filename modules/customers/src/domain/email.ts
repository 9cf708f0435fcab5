/**
 * Emails are the login name: normalized once (trimmed, lowercase) so that one address
 * is one account however it is typed, and checked for a plausible shape. Deliverability
 * is not checked here.
 */
export const emailLengthMax = 254;
const localPartLengthMax = 64;

// One @, no whitespace or control characters, a dotted domain of letters, digits and
// hyphens (internationalized domains arrive as punycode `xn--…`).
const shapePattern = /^[^\s@\p{Cc}]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/u;

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Why a normalized email is refused, or undefined when it is acceptable. */
export function emailProblem(email: string): string | undefined {
  if (email.length === 0) return 'An email is required.';
  if (email.length > emailLengthMax) return `An email has at most ${emailLengthMax} characters.`;
  const at = email.indexOf('@');
  if (at < 1 || at > localPartLengthMax) return 'The part before @ must have 1 to 64 characters.';
  if (!shapePattern.test(email)) return 'This is not an email address.';
  return undefined;
}
