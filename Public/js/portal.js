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
// The district map: a tap fills the coordinates (WGS84) and the district, and marks the spot.
(function () {
  var svg = document.querySelector('svg.district-map');
  if (!svg) return;
  var lat = document.getElementById('lat'), lng = document.getElementById('long'), district = document.getElementById('district');
  var b = { s: +svg.dataset.south, w: +svg.dataset.west, n: +svg.dataset.north, e: +svg.dataset.east };
  var box = svg.viewBox.baseVal;
  var marker = null;
  svg.addEventListener('click', function (ev) {
    var pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse());
    var la = b.n - (p.y / box.height) * (b.n - b.s), lo = b.w + (p.x / box.width) * (b.e - b.w);
    lat.value = la.toFixed(6); lng.value = lo.toFixed(6);
    var hit = ev.target.closest && ev.target.closest('[data-district]');
    district.value = hit ? hit.getAttribute('data-district') : '';
    if (!marker) {
      marker = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
      marker.setAttribute('r', '6'); marker.setAttribute('fill', '#c62828'); marker.setAttribute('pointer-events', 'none');
      svg.appendChild(marker);
    }
    marker.setAttribute('cx', p.x); marker.setAttribute('cy', p.y);
  });
})();
