// Progressive enhancements only; every page works without JavaScript.
// Loaded as a file (no inline scripts) so a strict Content-Security-Policy can forbid them.
(function () {
  "use strict";

  // Confirmation of destructive actions: <form data-confirm="message">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // "Add another task" on the resolution screen: clone the last task fieldset,
  // renumbering the WTForms prefixes (tasks-0-title → tasks-1-title).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-add-row]") : null;
    if (!button) { return; }
    event.preventDefault();
    var container = document.getElementById(button.getAttribute("data-add-row"));
    var rows = container.querySelectorAll("[data-row]");
    var last = rows[rows.length - 1];
    var clone = last.cloneNode(true);
    var index = rows.length;
    clone.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/-\d+-/, "-" + index + "-")); }
      });
      if (el.matches("input[type=text], input[type=search], input[type=date], input[type=number], textarea")) { el.value = ""; }
      if (el.matches("input[type=checkbox]")) { el.checked = false; }
      if (el.matches("select[multiple]")) { Array.from(el.options).forEach(function (o) { o.selected = false; }); }
      // A single select with a blank choice ("— choose —") starts blank in the new row.
      if (el.matches("select:not([multiple])") && el.querySelector("option[value='']")) {
        el.value = "";
      }
      el.removeAttribute("aria-invalid");
    });
    clone.querySelectorAll(".error, input[type=hidden][name$='-id']").forEach(function (el) { el.remove(); });
    clone.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    clone.querySelectorAll(".checklist-options li[hidden]").forEach(function (el) { el.hidden = false; });
    var legend = clone.querySelector("legend [data-row-number]");
    if (legend) { legend.textContent = String(index + 1); }
    container.appendChild(clone);
    // A new row starts clean: the box is unticked above, so its deadline is enabled again
    // (the copied row may have been a standing duty, its deadline disabled).
    clone.querySelectorAll("input[type=checkbox][name$='standing']").forEach(syncStanding);
    var first = clone.querySelector("input, textarea, select");
    if (first) { first.focus(); }
  });

  // "Standing duty" checkbox disables the deadline next to it.
  function syncStanding(box) {
    var row = box.closest("[data-row]") || document;
    var deadline = row.querySelector("input[type=date][name$='deadline']");
    if (deadline) { deadline.disabled = box.checked; }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=checkbox][name$='standing']")) {
      syncStanding(event.target);
    }
  });
  // After an action the page comes back at the section acted on (/tasks/3#reports): its
  // message is moved there, just before that section, and focused, so it is read and seen
  // where the user is rather than at the top of a page scrolled past it.
  function placeFlashes() {
    var flashes = document.querySelector(".flashes");
    if (!flashes || !window.location.hash) { return; }
    var target = null;
    try { target = document.getElementById(decodeURIComponent(window.location.hash.slice(1))); }
    catch (e) { return; }
    if (!target || target.closest("header")) { return; }
    var anchor = target.matches("tr, td, th, li") ? target.closest("table, ul, ol") : target;
    anchor.parentNode.insertBefore(flashes, anchor);
    flashes.setAttribute("tabindex", "-1");
    // Focused once the browser has scrolled to the fragment (which resets the focus).
    window.addEventListener("load", function () {
      window.setTimeout(function () { flashes.focus(); }, 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=checkbox][name$='standing']").forEach(syncStanding);
    placeFlashes();
  });

  // The header's menu button (phones): the menu folds behind it, folded from the first paint
  // (base.html). Without JavaScript nojs.css hides the button and opens the menu; on a wide
  // screen the CSS ignores the fold.
  function setMenu(header, button, open) {
    header.classList.toggle("menu-closed", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-toggle");
    var header = button && button.closest(".topbar");
    if (!header) { return; }
    button.addEventListener("click", function () {
      setMenu(header, button, button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true"
          && window.matchMedia("(max-width: 700px)").matches) {
        setMenu(header, button, false);
        button.focus();
      }
    });
  });

  // The administration entry of the menu (a <details>): a click elsewhere closes it.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.admin-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });

  // The filter box of a long list of checkboxes: shows the options whose label contains
  // what is typed, ignoring case and diacritics ("lang son" finds "Lạng Sơn").
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-filter-list]")) { return; }
    var fieldset = box.closest("fieldset");
    var list = fieldset && fieldset.querySelector(".checklist-options");
    if (!list) { return; }
    var wanted = fold(box.value.trim());
    // A hidden option keeps its tick (and is sent with the form): the filter only narrows
    // what is shown.
    list.querySelectorAll("li").forEach(function (item) {
      item.hidden = wanted !== "" && fold(item.textContent).indexOf(wanted) === -1;
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".checklist-filter[hidden]").forEach(function (el) { el.hidden = false; });
  });

  // Installable: the service worker keeps static files and the offline page (never a page).
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
})();
