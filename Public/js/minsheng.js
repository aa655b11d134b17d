// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Print buttons (the bulletin): the page's print stylesheet does the rest.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
