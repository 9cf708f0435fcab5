import { notificationsLimits } from './contract.ts';
import { isEmail, normalizeEmail } from './domain/email.ts';

/** The notifications section of the app's configuration, read once and passed down frozen. */
export type NotificationsConfig = {
  /** `mailbox` (default): letters land in `notifications.mailbox`; `smtp`: sent to `smtpUrl`. */
  readonly transport: 'mailbox' | 'smtp';
  /** `smtp://user:pass@host:587` or `smtps://…:465`; required when `transport` is `smtp`. */
  readonly smtpUrl?: string;
  /** The From header: `Mercato <no-reply@example.com>` or a bare address. */
  readonly from: string;
  /** Who gets low-stock alerts. */
  readonly staffEmail: string;
  /** Shop name used in subjects and signatures. */
  readonly shopName: string;
  /** Staff are told when a SKU's available units fall below this (0 turns alerts off). */
  readonly lowStockThreshold: number;
  /** Per-SKU thresholds that replace the default. */
  readonly lowStockThresholds: Readonly<Record<string, number>>;
  /** How often the sender looks for due messages; 0 turns the timer off (tests call `sendDue`). */
  readonly sendIntervalMs: number;
  /** Messages one sender pass claims. */
  readonly sendBatchSize: number;
  /** Tries of one message before it is marked failed. */
  readonly attemptsMax: number;
  /** The wait before try n+1 is `retryBaseDelayMs × 2^(n−1)`, at most `retryDelayMaxMs`. */
  readonly retryBaseDelayMs: number;
  readonly retryDelayMaxMs: number;
  /** How long a claimed message is reserved for the sender that claimed it. */
  readonly leaseMs: number;
  /** How long one send may take; kept below `leaseMs` so a lease never expires mid-send. */
  readonly sendTimeoutMs: number;
  /** Back-in-stock subscriptions one network address may make per window. */
  readonly subscribeRateLimit: { readonly limit: number; readonly windowMs: number };
};

export const notificationsDefaults: NotificationsConfig = Object.freeze({
  transport: 'mailbox',
  from: 'Mercato <no-reply@mercato.local>',
  staffEmail: 'staff@mercato.local',
  shopName: 'Mercato',
  lowStockThreshold: 5,
  lowStockThresholds: Object.freeze({}),
  sendIntervalMs: 1000,
  sendBatchSize: 20,
  attemptsMax: 10,
  retryBaseDelayMs: 5000,
  retryDelayMaxMs: 30 * 60_000,
  leaseMs: 60_000,
  sendTimeoutMs: 30_000,
  subscribeRateLimit: Object.freeze({ limit: 20, windowMs: 60 * 60_000 }),
});

const dayMs = 24 * 60 * 60_000;
const thresholdMax = 1_000_000_000;
const thresholdOverridesMax = 10_000;

function problem(name: string, what: string, value: unknown): Error {
  return new Error(`notifications.${name} must be ${what}: ${JSON.stringify(value)}`);
}

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw problem(name, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

function email(name: string, value: unknown): string {
  const normalized = typeof value === 'string' ? normalizeEmail(value) : '';
  if (!isEmail(normalized)) throw problem(name, 'one email address', value);
  return normalized;
}

/** `Name <address>` or a bare address, on one line. */
function fromHeader(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const address = /<([^<>]+)>$/.exec(text)?.[1] ?? text;
  if (text.length > 300 || /[\r\n]/.test(text) || !isEmail(normalizeEmail(address)))
    throw problem('from', 'an address or "Name <address>"', value);
  return text;
}

function oneLine(name: string, value: unknown, lengthMax: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > lengthMax || /[\r\n]/.test(value)) {
    throw problem(name, `1–${lengthMax} characters on one line`, value);
  }
  return value;
}

function smtpUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
    // Never echo the URL: it may hold a password.
    throw new Error('notifications.smtpUrl must be an smtp:// or smtps:// URL with a host');
  }
  return url.toString();
}

function thresholds(value: unknown): Readonly<Record<string, number>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw problem('lowStockThresholds', 'an object of SKU → integer', value);
  const entries = Object.entries(value);
  if (entries.length > thresholdOverridesMax)
    throw problem('lowStockThresholds', `at most ${thresholdOverridesMax} SKUs`, entries.length);
  return Object.freeze(
    Object.fromEntries(
      entries.map(([sku, threshold]) => [sku, integerIn(`lowStockThresholds.${sku}`, threshold, 0, thresholdMax)]),
    ),
  );
}

/** Fills gaps with defaults and refuses nonsense at boot (fail fast). */
export function checkConfig(config: Partial<NotificationsConfig>): NotificationsConfig {
  const merged = { ...notificationsDefaults, ...config };
  if (merged.transport !== 'mailbox' && merged.transport !== 'smtp')
    throw problem('transport', '"mailbox" or "smtp"', merged.transport);
  const leaseMs = integerIn('leaseMs', merged.leaseMs, 1000, dayMs);
  const rate = merged.subscribeRateLimit;
  const checked: NotificationsConfig = {
    transport: merged.transport,
    ...(merged.transport === 'smtp' || merged.smtpUrl !== undefined ? { smtpUrl: smtpUrl(merged.smtpUrl) } : {}),
    from: fromHeader(merged.from),
    staffEmail: email('staffEmail', merged.staffEmail),
    shopName: oneLine('shopName', merged.shopName, 100),
    lowStockThreshold: integerIn('lowStockThreshold', merged.lowStockThreshold, 0, thresholdMax),
    lowStockThresholds: thresholds(merged.lowStockThresholds),
    sendIntervalMs: integerIn('sendIntervalMs', merged.sendIntervalMs, 0, dayMs),
    sendBatchSize: integerIn('sendBatchSize', merged.sendBatchSize, 1, notificationsLimits.sendBatchMax),
    attemptsMax: integerIn('attemptsMax', merged.attemptsMax, 1, 100),
    retryBaseDelayMs: integerIn('retryBaseDelayMs', merged.retryBaseDelayMs, 1, dayMs),
    retryDelayMaxMs: integerIn('retryDelayMaxMs', merged.retryDelayMaxMs, 1, 7 * dayMs),
    leaseMs,
    sendTimeoutMs: integerIn('sendTimeoutMs', merged.sendTimeoutMs, 100, leaseMs - 1),
    subscribeRateLimit: Object.freeze({
      limit: integerIn('subscribeRateLimit.limit', rate?.limit, 1, 1_000_000),
      windowMs: integerIn('subscribeRateLimit.windowMs', rate?.windowMs, 1000, dayMs),
    }),
  };
  return Object.freeze(checked);
}

/** The threshold below which `sku` counts as low. */
export function lowStockThresholdOf(config: NotificationsConfig, sku: string): number {
  return Object.hasOwn(config.lowStockThresholds, sku)
    ? (config.lowStockThresholds[sku] ?? config.lowStockThreshold)
    : config.lowStockThreshold;
}
