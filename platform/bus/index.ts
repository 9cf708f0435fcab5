export { inProcessTransport, type InProcessTransportOptions } from './in-process.ts';
export { MalformedEventError, parseEventData } from './event-data.ts';
export { consumerNamePattern, type InboxSubscriptionOptions, subscribeWithInbox } from './inbox.ts';
export { durableName, type NatsTransportOptions, natsTransport } from './nats.ts';
export { activeTraceparent, appendEventsMax, createOutbox, eventDataBytesMax, type OutboxOptions } from './outbox.ts';
export type * from './port.ts';
export { errorText, PublishError } from './publish-error.ts';
export { createRelay, type Relay, type RelayOptions } from './relay.ts';
export { assertSchemaName, busTablesSql } from './tables.ts';
