import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  failureOf,
  formatDateTime,
  formatMoney,
  type Html,
  html,
  sendHtml,
  toString as markup,
} from '../shared/index.ts';
import { lineChart, meter } from './charts.ts';
import { type Admin, currentStaff, staffOnly, statusBadge } from './context.ts';
import type { Order, Page, Stats, StatsSample } from './types.ts';

/**
 * The dashboard: orders per minute, revenue, p99 latency and error rate over time, low
 * stock, and the newest orders. The live part is one server-rendered fragment; the
 * page's small script fetches it again every few seconds and swaps it in.
 */

const recentOrdersMax = 8;

const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.01 ? 2 : 1)}%`;
const milliseconds = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const count = (value: number) => String(Math.round(value * 10) / 10);

/** The series with the reading of now appended, so the last point is the figure in the tile. */
function withNow(stats: Stats): StatsSample[] {
  const series = [...(stats.series ?? [])];
  if (series.at(-1)?.at !== stats.at) series.push(stats);
  return series;
}

function tiles(stats: Stats): Html {
  const tile = (label: string, value: string, id: string) =>
    html`<div class="kpi" id="${id}"><span class="kpi-label">${label}</span><span class="kpi-value">${value}</span></div>`;
  return html`<div class="kpis">
${tile('Orders per minute', String(stats.ordersPerMinute), 'kpi-orders')}
${tile('Revenue today', formatMoney(stats.revenueToday), 'kpi-revenue')}
${tile('p99 latency', stats.p99LatencyMs === null ? '–' : milliseconds(stats.p99LatencyMs), 'kpi-p99')}
${tile('Error rate', percent(stats.errorRate), 'kpi-errors')}
</div>`;
}

function charts(stats: Stats): Html {
  const series = withNow(stats);
  const points = (read: (sample: StatsSample) => number | null) =>
    series.map((sample) => ({ at: sample.at, value: read(sample) }));
  const currency = stats.revenueToday.currency;
  return html`<div class="charts">
${lineChart({ id: 'chart-orders', title: 'Orders per minute', points: points((s) => s.ordersPerMinute), format: count, minimumTop: 1 })}
${lineChart({ id: 'chart-revenue', title: 'Revenue today', points: points((s) => s.revenueToday.amount), format: (amount) => formatMoney({ amount: Math.round(amount), currency }), minimumTop: 100 })}
${lineChart({ id: 'chart-p99', title: 'p99 latency', points: points((s) => s.p99LatencyMs), format: milliseconds, minimumTop: 1 })}
${lineChart({ id: 'chart-errors', title: 'Error rate', points: points((s) => s.errorRate), format: percent, minimumTop: 0.01 })}
</div>`;
}

function lowStock(stats: Stats): Html {
  const threshold = stats.lowStockThreshold ?? Math.max(1, ...stats.lowStock.map((item) => item.available));
  if (stats.lowStock.length === 0) return html`<p class="empty">No SKU is at or below ${threshold} available.</p>`;
  const rows = stats.lowStock.map(
    (
      item,
    ) => html`<tr><th scope="row"><a href="/admin/inventory?sku=${encodeURIComponent(item.sku)}">${item.sku}</a></th>
<td class="num">${item.available}</td><td class="meter-cell">${meter(item.available, threshold, `${item.available} of ${threshold}`)}</td>
<td class="num">${item.onHand ?? ''}</td><td class="num">${item.reserved ?? ''}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><caption class="visually-hidden">SKUs at or below ${threshold} available</caption>
<thead><tr><th scope="col">SKU</th><th scope="col" class="num">Available</th><th scope="col"><span class="visually-hidden">Level</span></th><th scope="col" class="num">On hand</th><th scope="col" class="num">Reserved</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function recentOrders(page: Page<Order>): Html {
  if (page.items.length === 0) return html`<p class="empty">No orders yet.</p>`;
  const rows = page.items.map(
    (
      order,
    ) => html`<tr data-order="${order.id}"><th scope="row"><a href="/admin/orders/${encodeURIComponent(order.id)}">${order.number}</a></th>
<td>${formatDateTime(order.createdAt)}</td><td>${order.email}</td><td>${statusBadge(order.status)}</td><td class="num">${formatMoney(order.totals.total)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table id="recent-orders"><caption class="visually-hidden">Newest orders</caption>
<thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function unavailable(what: string, answer: { status: number; body: unknown }): Html {
  if (answer.status === 403) return html`<p class="empty">Your role may not see ${what}.</p>`;
  const failure = failureOf(answer as Parameters<typeof failureOf>[0]);
  return html`<p class="flash flash-error" role="alert">${what} could not be loaded: ${failure.message} <code>${failure.code}</code></p>`;
}

async function liveFragment(admin: Admin, request: FastifyRequest, reply: FastifyReply): Promise<Html> {
  const statsAvailable = await admin.shared.api.hasEndpoint('GET', '/api/admin/stats');
  const [stats, orders] = await Promise.all([
    statsAvailable ? admin.call<Stats>(request, reply, { path: '/api/admin/stats' }) : undefined,
    admin.call<Page<Order>>(request, reply, { path: '/api/admin/orders', query: { limit: recentOrdersMax } }),
  ]);
  const statsPart =
    stats === undefined
      ? html`<p class="empty" id="stats-unavailable">Not available yet: this platform does not serve <code>GET /api/admin/stats</code>.</p>`
      : stats.status === 200
        ? html`${tiles(stats.body)}${charts(stats.body)}<section aria-labelledby="low-stock-title"><h2 id="low-stock-title">Low stock</h2>${lowStock(stats.body)}</section>`
        : unavailable('Statistics', stats);
  const ordersPart = orders.status === 200 ? recentOrders(orders.body) : unavailable('orders', orders);
  const updated = stats?.status === 200 ? stats.body.at : new Date().toISOString();
  return html`${statsPart}
<section aria-labelledby="recent-title"><h2 id="recent-title">Newest orders</h2>${ordersPart}
<p><a href="/admin/orders">All orders</a></p></section>
<p class="small muted">Updated <time datetime="${updated}">${formatDateTime(updated)}</time>. Figures are per trailing minute; revenue is today in UTC.</p>`;
}

export function dashboardRoutes(admin: Admin): void {
  admin.web.get(
    '/admin',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      const live = await liveFragment(admin, request, reply);
      const main = html`<h1>Dashboard</h1>
<div id="live" data-live-url="/admin/dashboard/live" data-refresh-ms="5000">${live}</div>`;
      return admin.render(request, reply, { title: 'Dashboard', main, staff, live: true });
    }),
  );

  // The live part alone, for the refresh script. Without a session it answers 401 (the script stops).
  admin.web.get('/admin/dashboard/live', { config: { auth: 'public' } }, async (request, reply) => {
    const current = await currentStaff(admin, request, reply);
    if (current.staff === undefined) return reply.code(401).header('cache-control', 'no-store').send();
    return sendHtml(reply, markup(await liveFragment(admin, request, reply)));
  });
}
