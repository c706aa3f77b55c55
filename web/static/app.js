// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
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
