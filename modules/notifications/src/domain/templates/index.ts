/** One template per message kind: plain text and simple HTML, every value escaped. */
export { type BackInStockInput, backInStock } from './back-in-stock.ts';
export { type LowStockInput, lowStock } from './low-stock.ts';
export { type OrderConfirmationInput, orderConfirmation } from './order-confirmation.ts';
export { type OrderRefundedInput, orderRefunded } from './order-refunded.ts';
export { type OrderShippedInput, orderShipped } from './order-shipped.ts';
export { escapeHtml, formatMoney, type Rendered } from './render.ts';
