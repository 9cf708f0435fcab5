import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRefreshToken, isRefreshTokenShape, refreshTokenBytes, refreshTokenHash } from './refresh-token.ts';

test('refresh tokens › are 43 base64url characters and hash to 64 hex digits', () => {
  const token = encodeRefreshToken(new Uint8Array(refreshTokenBytes).fill(7));
  assert.ok(isRefreshTokenShape(token));
  assert.match(refreshTokenHash(token), /^[0-9a-f]{64}$/);
  assert.notEqual(
    refreshTokenHash(token),
    refreshTokenHash(encodeRefreshToken(new Uint8Array(refreshTokenBytes).fill(8))),
  );
});

test('isRefreshTokenShape › refuses anything else', () => {
  for (const token of ['', 'short', `${'a'.repeat(43)}=`, 'a'.repeat(44), `${'a'.repeat(42)}/`]) {
    assert.equal(isRefreshTokenShape(token), false, token);
  }
});
