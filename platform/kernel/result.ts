/**
 * Expected outcomes are values, not exceptions. A use case returns `Result<T, Code>`
 * and the HTTP layer maps each code to a status with a table the compiler checks.
 */
export type Failure<Code extends string> = {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

export type Success<T> = { readonly ok: true; readonly value: T };

export type Result<T, Code extends string> = Success<T> | Failure<Code>;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail<Code extends string>(
  code: Code,
  message: string,
  details?: Record<string, unknown>,
): Failure<Code> {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}
