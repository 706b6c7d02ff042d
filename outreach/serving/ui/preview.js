// The live preview's page: pickers that show what is picked, and updates after every build
// (server-sent events from /events; the changed part of the page is fetched from this server and swapped in).
"use strict";
(() => {
  document.addEventListener("change", (event) => {
    const form = event.target.closest("form.pick");
    if (form) form.submit();
  });
  const live = document.getElementById("live");
  const status = document.getElementById("status");
  if (!live || !window.EventSource) return;
  let busy = false;
  let again = false;
  const refresh = async () => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      do {
        again = false;
        const response = await fetch(live.dataset.src, { cache: "no-store" });
        if (!response.ok) break;
        const html = await response.text();
        live.innerHTML = html;
        live.dataset.content = response.headers.get("X-Preview-Content") || "";
      } while (again);
    } catch (error) {
      // the server stopped: the next event, once it is back, brings the page up to date
    } finally {
      busy = false;
    }
  };
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    status.textContent = state.status;
    if (String(state.content) !== live.dataset.content) refresh();
  });
  events.addEventListener("error", () => {
    if (events.readyState !== EventSource.OPEN) status.textContent = "Not connected to the preview server (is `outreach serve` running?)";
  });
})();
