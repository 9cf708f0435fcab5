import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  base32Decode,
  base32Encode,
  hotp,
  otpauthUrl,
  type TotpAlgorithm,
  totp,
  totpDefaults,
  verifyTotp,
} from './totp.ts';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));
// RFC 6238 appendix B: the seeds are these ASCII strings, one per hash.
const seeds: Record<TotpAlgorithm, Uint8Array> = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};
const rfc6238: [number, Record<TotpAlgorithm, string>][] = [
  [59, { sha1: '94287082', sha256: '46119246', sha512: '90693936' }],
  [1111111109, { sha1: '07081804', sha256: '68084774', sha512: '25091201' }],
  [1111111111, { sha1: '14050471', sha256: '67062674', sha512: '99943326' }],
  [1234567890, { sha1: '89005924', sha256: '91819424', sha512: '93441116' }],
  [2000000000, { sha1: '69279037', sha256: '90698825', sha512: '38618901' }],
  [20000000000, { sha1: '65353130', sha256: '77737706', sha512: '47863826' }],
];

test('totp › matches every RFC 6238 test vector (8 digits, SHA-1, SHA-256, SHA-512)', () => {
  for (const [seconds, expected] of rfc6238) {
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      const code = totp(seeds[algorithm], seconds * 1000, { ...totpDefaults, digits: 8, algorithm });
      assert.equal(code, expected[algorithm], `${algorithm} at ${seconds}`);
    }
  }
});

test('hotp › matches the RFC 4226 test vectors (6 digits)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  for (const [counter, code] of expected.entries()) assert.equal(hotp(seeds.sha1, counter), code);
});

test('base32 › encodes RFC 4648 vectors without padding and decodes them back', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, encoded] of vectors) {
    assert.equal(base32Encode(ascii(plain)), encoded);
    assert.deepEqual(base32Decode(encoded), ascii(plain));
  }
  assert.deepEqual(base32Decode('mzxw 6ytb oi======'), ascii('foobar'));
  assert.equal(base32Decode('MZXW1'), undefined);
});

test('verifyTotp › accepts the current step and one step either side, nothing further', () => {
  const key = seeds.sha1;
  const now = 1_700_000_000_000;
  const at = (deltaSeconds: number) => totp(key, now + deltaSeconds * 1000);
  const step = Math.floor(now / 30_000);
  assert.equal(verifyTotp(key, at(0), now, null), step);
  assert.equal(verifyTotp(key, at(-30), now, null), step - 1);
  assert.equal(verifyTotp(key, at(30), now, null), step + 1);
  assert.equal(verifyTotp(key, at(-60), now, null), undefined);
  assert.equal(verifyTotp(key, at(60), now, null), undefined);
});

test('verifyTotp › refuses a code of a step already used, and older steps', () => {
  const key = seeds.sha1;
  const now = 1_700_000_000_000;
  const step = Math.floor(now / 30_000);
  const code = totp(key, now);
  assert.equal(verifyTotp(key, code, now, step), undefined);
  assert.equal(verifyTotp(key, totp(key, now - 30_000), now, step - 1), undefined);
  assert.equal(verifyTotp(key, totp(key, now + 30_000), now, step), step + 1);
});

test('verifyTotp › refuses malformed codes', () => {
  for (const code of ['', '12345', '1234567', '12345a', ' 123456']) {
    assert.equal(verifyTotp(seeds.sha1, code, 0, null), undefined, code);
  }
});

test('otpauthUrl › names the issuer, the account and the parameters', () => {
  const url = new URL(otpauthUrl('Mercato', 'ada@example.com', 'JBSWY3DPEHPK3PXP'));
  assert.equal(url.protocol, 'otpauth:');
  assert.equal(url.host, 'totp');
  assert.equal(decodeURIComponent(url.pathname), '/Mercato:ada@example.com');
  assert.equal(url.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
  assert.equal(url.searchParams.get('issuer'), 'Mercato');
  assert.equal(url.searchParams.get('algorithm'), 'SHA1');
  assert.equal(url.searchParams.get('digits'), '6');
  assert.equal(url.searchParams.get('period'), '30');
});

test('verifyTotp › still verifies a secret stored as base32 before (RFC 6238 seed, SHA-1, 6 digits, 30 s)', () => {
  // base32 of the ASCII seed "12345678901234567890", as enrolment stored it: upper case, no padding.
  const stored = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(base32Encode(seeds.sha1), stored);
  const key = base32Decode(stored)!;
  assert.equal(verifyTotp(key, '287082', 59_000, null), 1, 'the last six digits of the RFC vector at 59 s');
  assert.equal(verifyTotp(key, '081804', 1_111_111_109_000, null), 37_037_036);
});

test('base32 › encodes only the bytes it is given, even from a view into a larger buffer', () => {
  const pool = new Uint8Array(Buffer.from('xxfooxx', 'ascii'));
  assert.equal(base32Encode(pool.subarray(2, 5)), 'MZXW6');
});
