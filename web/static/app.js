// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
  // The menu button of a narrow screen opens and closes the navigation in
  // place; without this script it is a link to #nav, which CSS opens.
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-button");
    var nav = document.getElementById("nav");
    if (!button || !nav) { return; }
    button.setAttribute("role", "button");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function (e) {
      e.preventDefault();
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = nav.querySelector("a"); if (first) { first.focus(); } }
    });
    button.addEventListener("keydown", function (e) {
      if (e.key === " ") { e.preventDefault(); button.click(); }
    });
  });
  // A long field counts down the characters it has left, and says plainly
  // when there are too many (the server refuses them with its message; the
  // browser is not told to cut a pasted text). The words come from the
  // page, with the language's plural: "Atlikusi 21 rakstzīme".
  document.addEventListener("DOMContentLoaded", function () {
    var plural = new Intl.PluralRules(document.documentElement.lang || "lv");
    document.querySelectorAll("[data-count-for]").forEach(function (count) {
      var field = document.getElementById(count.dataset.countFor);
      var max = field && parseInt(field.dataset.maxlength, 10);
      if (!max) { return; }
      var live = document.createElement("span");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      count.after(live);
      var timer;
      var update = function () {
        var left = max - Array.from(field.value).length;
        var n = Math.abs(left);
        var one = plural.select(n) === "one";
        var text = left >= 0 ? (one ? count.dataset.leftOne : count.dataset.left) : (one ? count.dataset.overOne : count.dataset.over);
        text = text.replace("%{n}", n.toLocaleString(document.documentElement.lang || "lv"));
        count.textContent = text;
        count.classList.toggle("error", left < 0);
        // Screen readers hear the count once the typing pauses.
        clearTimeout(timer);
        timer = setTimeout(function () { live.textContent = text; }, 1000);
      };
      field.addEventListener("input", update);
      update();
    });
  });
  // Choosing a text used before fills the field it names in (data-fill);
  // without this script the server takes the choice when the field is empty.
  document.addEventListener("change", function (e) {
    var choice = e.target;
    if (!choice.dataset || !choice.dataset.fill || !choice.checked) { return; }
    var field = document.getElementById(choice.dataset.fill);
    if (!field) { return; }
    field.value = choice.value;
    field.dispatchEvent(new Event("input"));
  });
  // A print button: the page's own print styles do the rest.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });
  // A form is sent once: a double click does not submit it twice.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset.submitted === "1") { e.preventDefault(); return; }
    form.dataset.submitted = "1";
    setTimeout(function () { form.dataset.submitted = ""; }, 5000);
  }, true);
})();
