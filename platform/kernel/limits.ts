/** Limits shared across the platform. Every list and batch is bounded. */
export const limits = Object.freeze({
  pageSizeDefault: 20,
  pageSizeMax: 100,
  requestBodyBytesMax: 1024 * 1024,
  idempotencyKeyLengthMax: 255,
  idempotencyKeyTtlMs: 24 * 60 * 60 * 1000,
  outboxBatchSizeMax: 500,
});
