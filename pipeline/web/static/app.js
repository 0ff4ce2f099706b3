// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  // Ask before irreversible actions (merge, remove user).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // Move keyboard focus to a citation's target so screen readers announce it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.cite");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) { window.setTimeout(function () { target.focus(); }, 0); }
  });
})();
