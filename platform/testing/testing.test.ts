import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, value } from './index.ts';

describe('eventually', () => {
  it('resolves once a boolean check holds', async () => {
    let polls = 0;
    await eventually(() => ++polls === 3, { intervalMs: 1 });
    assert.equal(polls, 3);
  });

  it('answers what a probe found once it is no longer undefined', async () => {
    let polls = 0;
    const found = await eventually(async () => (++polls < 3 ? undefined : { polls }), { intervalMs: 1 });
    assert.deepEqual(found, { polls: 3 });
  });

  it('keeps a probe answer of 0 or an empty string (only undefined and false mean not yet)', async () => {
    assert.equal(await eventually(() => 0), 0);
    assert.equal(await eventually(() => ''), '');
  });

  it('fails after the deadline, naming what it waited for', async () => {
    const started = Date.now();
    await assert.rejects(
      eventually(() => false, { timeoutMs: 30, intervalMs: 5, what: 'the moon' }),
      {
        message: 'condition not met within 30 ms: the moon',
      },
    );
    assert.ok(Date.now() - started >= 30);
  });

  it('takes the deadline as a number', async () => {
    await assert.rejects(
      eventually(async () => undefined, 20),
      { message: 'condition not met within 20 ms' },
    );
  });

  it('lets a probe that throws fail the wait at once', async () => {
    await assert.rejects(
      eventually(() => {
        throw new Error('broken probe');
      }),
      { message: 'broken probe' },
    );
  });
});

describe('value', () => {
  it('unwraps a success', () => {
    assert.deepEqual(value({ ok: true, value: { id: 'a' } }), { id: 'a' });
  });

  it('throws on a failure, showing its code and message', () => {
    assert.throws(() => value({ ok: false, code: 'out_of_stock', message: 'no mugs left' }), {
      message: 'expected success, got out_of_stock: no mugs left',
    });
  });
});
