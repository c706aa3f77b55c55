// The directory's lookup field as a combobox (ARIA 1.2 pattern): typing
// asks the server for matches, the arrow keys move through them, Enter
// picks one, Escape closes the list. Without this script the field is a
// text field the server resolves when the form is sent.
(function () {
  "use strict";
  if (window.prdeskLookup) { return; }
  window.prdeskLookup = true;

  function setup(box) {
    var input = box.querySelector("[data-lookup-input]");
    var hidden = box.querySelector("[data-lookup-id]");
    var list = document.getElementById(input.dataset.list);
    var status = document.getElementById(input.dataset.status);
    var chosen = box.querySelector("[data-lookup-chosen]");
    var nojs = box.querySelector(".lookup-nojs");
    if (!hidden || !list) { return; }
    if (nojs) { nojs.hidden = true; }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var active = -1, timer, seq = 0, picked = input.value, swallow = false;

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled=true])")); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(i) {
      var opts = options();
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function pick(o) {
      if (o.dataset.new) {
        close();
        if (input.dataset.quick) { openNew(input.value.trim()); } else { window.open(o.dataset.new, "_blank"); }
        return;
      }
      hidden.value = o.dataset.id;
      input.value = o.dataset.label;
      picked = input.value;
      if (chosen) {
        var b = document.createElement("bdi");
        b.textContent = o.dataset.label;
        chosen.textContent = status.dataset.chosen || "";
        chosen.append(b);
      }
      status.textContent = o.dataset.label;
      close();
    }
    // "Create new" in place: a few fields under the lookup, sent without
    // their prefix; what the server made is then picked.
    var prefix = hidden.name + "_new.";
    function showPanel(html) {
      var old = box.querySelector("[data-lookup-new]");
      if (old) { old.remove(); }
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var panel = holder.querySelector("[data-lookup-new]");
      if (!panel) { return; }
      box.querySelector(".lookup-box").after(panel);
      var first = panel.querySelector(".has-error input, .has-error select") || panel.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
      panel.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && e.target.tagName !== "BUTTON") { e.preventDefault(); swallow = true; save(panel); }
        if (e.key === "Escape") { e.preventDefault(); panel.remove(); input.focus(); }
      });
      panel.addEventListener("keypress", function (e) { if (e.key === "Enter" && swallow) { e.preventDefault(); } swallow = false; });
      panel.querySelector("[data-lookup-save]").addEventListener("click", function () { save(panel); });
      panel.querySelector("[data-lookup-cancel]").addEventListener("click", function () { panel.remove(); input.focus(); });
    }
    function openNew(q) {
      fetch(input.dataset.quick + "&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; }).then(showPanel);
    }
    function save(panel) {
      var body = new URLSearchParams();
      panel.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (el.name.indexOf(prefix) === 0) { body.append(el.name.slice(prefix.length), el.value); }
      });
      fetch("/contacts/lookup/new", { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.text(); }).then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var made = holder.querySelector("[data-created-id]");
          if (!made) { showPanel(html); return; }
          panel.remove();
          pick({ dataset: { id: made.dataset.createdId, label: made.dataset.createdLabel } });
          input.focus();
        });
    }
    function load() {
      var q = input.value.trim();
      if (q === "") { list.innerHTML = ""; close(); return; }
      var mine = ++seq;
      var url = input.dataset.options + "&" + encodeURIComponent(input.name) + "=" + encodeURIComponent(q);
      fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.text() : "";
      }).then(function (html) {
        if (mine !== seq) { return; }
        list.innerHTML = html;
        var n = list.querySelectorAll("[data-id]").length;
        list.hidden = list.children.length === 0;
        input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
        active = -1;
        status.textContent = (list.dataset.count || "").replace("%{n}", n);
      });
    }
    input.addEventListener("input", function () {
      if (input.value !== picked) { hidden.value = ""; if (chosen) { chosen.textContent = ""; } }
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    input.addEventListener("keydown", function (e) {
      var opts = options();
      switch (e.key) {
        case "ArrowDown":
          e.preventDefault();
          if (list.hidden) { load(); return; }
          mark(Math.min(active + 1, opts.length - 1));
          break;
        case "ArrowUp":
          e.preventDefault();
          mark(Math.max(active - 1, 0));
          break;
        case "Enter":
          if (!list.hidden && active >= 0 && opts[active]) { e.preventDefault(); swallow = true; pick(opts[active]); }
          break;
        case "Escape":
          if (!list.hidden) { e.preventDefault(); close(); }
          break;
      }
    });
    // A keypress that follows a keydown the script took (some input
    // methods send both) must not send the form either.
    input.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && swallow) { e.preventDefault(); }
      swallow = false;
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var o = e.target.closest("[role=option]");
      if (o && o.getAttribute("aria-disabled") !== "true") { pick(o); }
    });
  }

  function init() { document.querySelectorAll("[data-lookup]").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
