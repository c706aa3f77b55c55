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
    var active = -1, timer, seq = 0, picked = input.value;

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
        window.open(o.dataset.new, "_blank");
        close();
        return;
      }
      hidden.value = o.dataset.id;
      input.value = o.dataset.label;
      picked = input.value;
      if (chosen) {
        chosen.textContent = "";
        var a = document.createElement("a");
        a.href = "/contacts/" + o.dataset.id;
        a.textContent = o.dataset.label;
        chosen.append(status.dataset.chosen || "", a);
      }
      status.textContent = o.dataset.label;
      close();
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
          if (!list.hidden && active >= 0 && opts[active]) { e.preventDefault(); pick(opts[active]); }
          break;
        case "Escape":
          if (!list.hidden) { e.preventDefault(); close(); }
          break;
      }
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
