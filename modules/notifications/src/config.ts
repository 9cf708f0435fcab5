import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';
import { notificationsLimits } from './contract.ts';
import { isEmail, normalizeEmail } from './domain/email.ts';

const dayMs = 24 * 60 * 60_000;
const thresholdMax = 1_000_000_000;
const Threshold = Type.Integer({ minimum: 0, maximum: thresholdMax });

/** The notifications section of the app's configuration; every field but `smtpUrl` has a default. */
export const NotificationsConfigSchema = Type.Object(
  {
    /** `mailbox` (default): letters land in `notifications.mailbox`; `smtp`: sent to `smtpUrl`. */
    transport: Type.Enum(['mailbox', 'smtp'], { default: 'mailbox' }),
    /** `smtp://user:pass@host:587` or `smtps://…:465`; required when `transport` is `smtp`. Never echoed: it may hold a password. */
    smtpUrl: Type.Optional(Type.String({ maxLength: 2000, writeOnly: true })),
    /** The From header: `Mercato <no-reply@example.com>` or a bare address. */
    from: Type.String({ maxLength: 300, default: 'Mercato <no-reply@mercato.local>' }),
    /** Who gets low-stock alerts. */
    staffEmail: Type.String({ maxLength: 300, default: 'staff@mercato.local' }),
    /** Shop name used in subjects and signatures. */
    shopName: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$',
      errorMessage: 'must be 1–100 characters on one line',
      default: 'Mercato',
    }),
    /** Staff are told when a SKU's available units fall below this (0 turns alerts off). */
    lowStockThreshold: Type.Integer({ minimum: 0, maximum: thresholdMax, default: 5 }),
    /** Per-SKU thresholds that replace the default. */
    lowStockThresholds: Type.Record(Type.String(), Threshold, { maxProperties: 10_000, default: {} }),
    /** How often the sender looks for due messages; 0 turns the timer off (tests call `sendDue`). */
    sendIntervalMs: Type.Integer({ minimum: 0, maximum: dayMs, default: 1000 }),
    /** Messages one sender pass claims. */
    sendBatchSize: Type.Integer({ minimum: 1, maximum: notificationsLimits.sendBatchMax, default: 20 }),
    /** Tries of one message before it is marked failed. */
    attemptsMax: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    /** The wait before try n+1 is `retryBaseDelayMs × 2^(n−1)`, at most `retryDelayMaxMs`. */
    retryBaseDelayMs: Type.Integer({ minimum: 1, maximum: dayMs, default: 5000 }),
    retryDelayMaxMs: Type.Integer({ minimum: 1, maximum: 7 * dayMs, default: 30 * 60_000 }),
    /** How long a claimed message is reserved for the sender that claimed it. */
    leaseMs: Type.Integer({ minimum: 1000, maximum: dayMs, default: 60_000 }),
    /** How long one send may take; kept below `leaseMs` so a lease never expires mid-send. */
    sendTimeoutMs: Type.Integer({ minimum: 100, maximum: dayMs, default: 30_000 }),
    /** Back-in-stock subscriptions one network address may make per window (a given limit replaces the default whole). */
    subscribeRateLimit: Type.Object(
      {
        limit: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
        windowMs: Type.Integer({ minimum: 1000, maximum: dayMs }),
      },
      { additionalProperties: false, default: { limit: 20, windowMs: 60 * 60_000 } },
    ),
  },
  { additionalProperties: false },
);

/** The notifications section of the app's configuration, read once and passed down frozen. */
export type NotificationsConfig = ConfigOf<typeof NotificationsConfigSchema>;

function isSmtpUrl(value: string | undefined): boolean {
  const url = value === undefined || !URL.canParse(value) ? undefined : new URL(value);
  return url !== undefined && (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
}

/** `Name <address>` or a bare address, on one line. */
function isFromHeader(value: string): boolean {
  const text = value.trim();
  const address = /<([^<>]+)>$/.exec(text)?.[1] ?? text;
  return !/[\r\n]/.test(text) && isEmail(normalizeEmail(address));
}

/** Fills gaps with defaults and refuses nonsense at boot (fail fast), naming the field. */
export function parseNotificationsConfig(input: unknown): NotificationsConfig {
  const config = parseConfig('notifications', NotificationsConfigSchema, input, [
    {
      field: 'smtpUrl',
      rule: 'must be an smtp:// or smtps:// URL with a host',
      holds: (c) => (c.transport === 'mailbox' && c.smtpUrl === undefined) || isSmtpUrl(c.smtpUrl),
    },
    { field: 'from', rule: 'must be an address or "Name <address>"', holds: (c) => isFromHeader(c.from) },
    { field: 'staffEmail', rule: 'must be one email address', holds: (c) => isEmail(normalizeEmail(c.staffEmail)) },
    { field: 'sendTimeoutMs', rule: 'must be below leaseMs', holds: (c) => c.sendTimeoutMs < c.leaseMs },
  ]);
  // Stored as they are used: the address normalized, the header trimmed, the URL in its canonical form.
  return Object.freeze({
    ...config,
    ...(config.smtpUrl === undefined ? {} : { smtpUrl: new URL(config.smtpUrl).toString() }),
    from: config.from.trim(),
    staffEmail: normalizeEmail(config.staffEmail),
  });
}

export const notificationsDefaults: NotificationsConfig = parseNotificationsConfig({});

/** The threshold below which `sku` counts as low. */
export function lowStockThresholdOf(config: NotificationsConfig, sku: string): number {
  return Object.hasOwn(config.lowStockThresholds, sku)
    ? (config.lowStockThresholds[sku] ?? config.lowStockThreshold)
    : config.lowStockThreshold;
}
