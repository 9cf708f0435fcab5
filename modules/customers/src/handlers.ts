import type { EventEnvelope, Listener } from '@mercato/platform/bus';
import { customersEvents, type SessionRevokedData } from './contract.ts';
import type { CustomersDeps } from './service/deps.ts';

/**
 * Heard by every running instance: a session ended in one process is dropped from
 * the session cache of all others, so its access tokens are refused there too (the
 * cache's short time to live bounds the delay if this event is missed).
 */
export function customersListeners(deps: CustomersDeps): Listener[] {
  return [
    {
      types: [customersEvents.sessionRevoked],
      handle(event: EventEnvelope) {
        const data = event.data as SessionRevokedData;
        if (Array.isArray(data.sessionIds)) deps.sessions.drop(data.sessionIds);
      },
    },
  ];
}
