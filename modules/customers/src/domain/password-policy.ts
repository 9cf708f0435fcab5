import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password rules (NIST SP 800-63B): 8 to 128 characters, any characters, never
 * truncated, not one of the most common passwords. Passwords are NFKC-normalized
 * before they are checked or hashed, so the same password typed on two keyboards
 * (composed or decomposed accents) is the same password.
 */
export const passwordLengthMin = 8;
export const passwordLengthMax = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common';

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Characters as people count them (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  let length = 0;
  for (const _ of password) length++;
  return length;
}

/**
 * The common-password list of zxcvbn-ts (about 49,000 passwords from breaches, most
 * frequent first), lowercased. Entries shorter than the minimum are left out: the
 * length rule refuses them already.
 */
function loadCommonPasswords(): ReadonlySet<string> {
  const set = new Set<string>();
  for (const password of dictionary['passwords-common']) {
    if (passwordLength(password) >= passwordLengthMin) set.add(password.toLowerCase());
  }
  return set;
}

export const commonPasswords: ReadonlySet<string> = loadCommonPasswords();

/** Why a (normalized) password is refused, or undefined when it is acceptable. */
export function passwordProblem(
  password: string,
  common: ReadonlySet<string> = commonPasswords,
): PasswordProblem | undefined {
  const length = passwordLength(password);
  if (length < passwordLengthMin) return 'too_short';
  if (length > passwordLengthMax) return 'too_long';
  if (common.has(password.toLowerCase())) return 'common';
  return undefined;
}

export const passwordProblemMessages: Readonly<Record<PasswordProblem, string>> = {
  too_short: `A password needs at least ${passwordLengthMin} characters.`,
  too_long: `A password has at most ${passwordLengthMax} characters.`,
  common: 'This password is one of the most common ones; choose another.',
};
