import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { inProcessTransport } from './in-process.ts';
import type { EventEnvelope } from './port.ts';
import { PublishError } from './publish-error.ts';

const logger = pino({ level: 'silent' });
const envelope = (id: string, type = 'test.thing_happened'): EventEnvelope => ({
  id,
  type,
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  traceparent: null,
  data: {},
});

describe('inProcessTransport', () => {
  it('delivers each event to every subscriber of its type, and only those', async () => {
    const transport = inProcessTransport({ logger });
    const got: string[] = [];
    await transport.subscribe('a.one', ['test.thing_happened'], async (event) => {
      got.push(`a:${event.id}`);
    });
    await transport.subscribe('b.one', ['test.other_happened'], async (event) => {
      got.push(`b:${event.id}`);
    });
    await transport.publish([envelope('e1'), envelope('e2', 'test.other_happened')]);
    assert.deepEqual(got, ['a:e1', 'b:e2']);
  });

  it('rejects with a PublishError naming only the events a subscriber failed, after trying every subscriber', async () => {
    const transport = inProcessTransport({ logger });
    const got: string[] = [];
    await transport.subscribe('a.failing', ['test.thing_happened'], async (event) => {
      if (event.id === 'e2') throw new Error('boom');
    });
    await transport.subscribe('b.fine', ['test.thing_happened'], async (event) => {
      got.push(event.id);
    });
    const rejection = await transport
      .publish([envelope('e1'), envelope('e2'), envelope('e3')])
      .catch((error: unknown) => error);
    assert.ok(rejection instanceof PublishError);
    assert.deepEqual([...rejection.failures.keys()], ['e2']);
    assert.match(rejection.failures.get('e2') ?? '', /a\.failing: Error: boom/);
    assert.deepEqual(got, ['e1', 'e2', 'e3']);
  });

  it('calls listeners only for events all subscribers took, and ignores listener errors', async () => {
    const transport = inProcessTransport({ logger });
    const heard: string[] = [];
    await transport.subscribe('a.failing', ['test.thing_happened'], async (event) => {
      if (event.id === 'e2') throw new Error('boom');
    });
    await transport.listen(['test.thing_happened'], () => {
      throw new Error('listener bug');
    });
    await transport.listen(['test.thing_happened'], (event) => {
      heard.push(event.id);
    });
    await assert.rejects(transport.publish([envelope('e1'), envelope('e2')]), PublishError);
    assert.deepEqual(heard, ['e1']);
  });

  it('refuses a second subscription under one consumer name and a malformed name', async () => {
    const transport = inProcessTransport({ logger });
    await transport.subscribe('a.one', ['test.thing_happened'], async () => {});
    await assert.rejects(
      transport.subscribe('a.one', ['test.thing_happened'], async () => {}),
      /already subscribed/,
    );
    await assert.rejects(
      transport.subscribe('A one', ['test.thing_happened'], async () => {}),
      /invalid consumer name/,
    );
  });
});
