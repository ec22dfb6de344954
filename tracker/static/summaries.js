// The summary progress page: poll the status endpoint until the summary is ready, then show it.
(function () {
  "use strict";
  var box = document.querySelector("[data-summary-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-summary-status");
  var bar = box.querySelector("[data-summary-bar]");
  var delay = 1000;

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return later(); }
        if (bar) { bar.value = state.progress; bar.textContent = state.progress + "%"; }
        if (state.ready || state.failed) { window.location.assign(state.url); return; }
        later();
      })
      .catch(later);
  }
  function later() {
    delay = Math.min(delay * 1.5, 10000);
    window.setTimeout(poll, delay);
  }
  window.setTimeout(poll, delay);
})();
