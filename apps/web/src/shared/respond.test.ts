import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeLocation } from './respond.ts';

describe('safeLocation', () => {
  it('keeps same-site paths with their query and fragment', () => {
    assert.equal(safeLocation('/account'), '/account');
    assert.equal(safeLocation('/search?q=red+shoes&page=2#results'), '/search?q=red+shoes&page=2#results');
    assert.equal(safeLocation('/products/a/../b'), '/products/b');
  });

  it('falls back for anything a browser would read as another host', () => {
    const offsite = [
      '//evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\t//evil.example',
      '/\\evil.example',
      '/\\\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      ' /account',
    ];
    for (const location of offsite) assert.equal(safeLocation(location), '/', JSON.stringify(location));
  });

  it('uses the caller’s fallback for a missing or refused value', () => {
    assert.equal(safeLocation(undefined, '/cart'), '/cart');
    assert.equal(safeLocation('/\t/evil.example', '/cart'), '/cart');
  });
});
