// The citizens' form: show only the questions of the chosen category (without script, all show).
(function () {
  var select = document.getElementById('categoryCode');
  if (!select) return;
  function update() {
    document.querySelectorAll('.attribute[data-category]').forEach(function (el) {
      el.hidden = el.getAttribute('data-category') !== select.value;
    });
  }
  select.addEventListener('change', update);
  update();
})();
