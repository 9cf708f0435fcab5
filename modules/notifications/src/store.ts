/** All SQL of the notifications module lives under store/. */
export * from './store/mailbox.ts';
export * from './store/messages.ts';
export * from './store/read-models.ts';
export * from './store/subscriptions.ts';
