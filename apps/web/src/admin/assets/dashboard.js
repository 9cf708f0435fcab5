// Refreshes the dashboard's live figures every few seconds. The page is complete
// without it: this only fetches the same server-rendered fragment again and swaps it in.
const region = document.getElementById('live');

if (region?.dataset.liveUrl) {
  const url = region.dataset.liveUrl;
  const everyMs = Math.max(2000, Number(region.dataset.refreshMs) || 5000);

  const refresh = async () => {
    // Not while hidden, and never pull content from under the keyboard focus.
    if (!document.hidden && !region.contains(document.activeElement)) {
      try {
        const response = await fetch(url, {
          headers: { accept: 'text/html' },
          credentials: 'same-origin',
          cache: 'no-store',
        });
        if (response.status === 401) return; // signed out: stop refreshing
        if (response.ok) {
          region.innerHTML = await response.text();
          region.dataset.refreshedAt = String(Date.now());
        }
      } catch {
        // Offline for a moment: the next round tries again.
      }
    }
    setTimeout(refresh, everyMs);
  };
  setTimeout(refresh, everyMs);
}
