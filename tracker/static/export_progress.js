// A background export's progress page: every 3 s, while the file is being prepared, the page
// is fetched again and its live region (role="status") replaced, so a screen reader hears the
// new count; once the file is ready (or failed) the polling stops and the link is there.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-progress]");
  if (!box || !box.hasAttribute("data-export-pending")) {
    return;
  }
  function tick() {
    fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .querySelector("[data-export-progress]");
        if (!fresh) {
          return;
        }
        box.replaceChildren.apply(box, Array.from(fresh.childNodes));
        if (fresh.hasAttribute("data-export-pending")) {
          window.setTimeout(tick, 3000);
        } else {
          box.removeAttribute("data-export-pending");
          var hint = document.querySelector("[data-export-hint]");
          if (hint) {
            hint.hidden = true;
          }
        }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 3000);
}());
