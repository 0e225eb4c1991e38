/*
 * Interlocal world map (plain ES2017, no build step, CSP-safe: no inline
 * styles, no eval).
 *
 * Requires, loaded before this file: vendor/d3-array.min.js,
 * vendor/d3-geo.min.js, vendor/topojson-client.min.js.
 *
 * Markup:
 *   <div class="il-map"
 *        data-points-url="/map/points.json"
 *        data-atlas-url="/static/interlocal/geo/countries-110m.json"
 *        data-label="Map of the city's international links"
 *        data-error="The map could not be loaded."
 *        data-kind-labels='{"agreement":"Agreement","network":"Network", ...}'  (optional)
 *        data-countries-label="Links per country"                                (optional)
 *        data-legend-title="Legend"                                              (optional)
 *        data-zoom-in="Zoom in" data-zoom-out="Zoom out" data-zoom-reset="Whole world"
 *        data-zoom-help="Zoom with + and -, move with the arrow keys."          (optional)
 *        data-links="off"></div>     (optional: points without links, for the public portal)
 *
 * Zoom: the buttons under the map, or + / - / 0 and the arrow keys once the map has the focus; the
 * circles keep their size on screen.
 *
 * Points JSON:
 *   {"points": [{"name", "lat", "lon", "kind", "label", "url", "count"}],
 *    "countries": [{"iso_numeric", "count", "name"}]}
 *
 * Initialises on DOMContentLoaded and on htmx's "htmx:load" event (so maps
 * inside swapped-in content are drawn too). Each element is drawn once; it is
 * redrawn from cached data when its width changes.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';

  // Okabe-Ito colour-blind-safe colours for point kinds.
  var KIND_COLOURS = {
    agreement: '#D55E00',
    network: '#0072B2',
    engagement: '#009E73',
    project: '#E69F00'
  };
  var KIND_ORDER = ['agreement', 'network', 'engagement', 'project'];
  var DEFAULT_KIND_LABELS = {
    agreement: 'Agreement',
    network: 'Network',
    engagement: 'Engagement',
    project: 'Project'
  };
  var OTHER_COLOUR = '#555555';

  // Sequential scale for countries: light lavender -> dark purple; grey for 0.
  var COUNTRY_NONE = '#dcdcdc';
  var COUNTRY_LOW = [218, 210, 240];   // #dad2f0
  var COUNTRY_HIGH = [63, 0, 125];     // #3f007d
  var SPHERE_FILL = '#eef4f8';

  var DEFAULT_ERROR = 'The map could not be loaded.';

  var started = new WeakSet();
  var atlasCache = {};

  function svgEl(name, attrs) {
    var el = document.createElementNS(SVG_NS, name);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        el.setAttribute(key, String(attrs[key]));
      });
    }
    return el;
  }

  function fetchJSON(url) {
    return fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status + ' for ' + url);
      }
      return response.json();
    });
  }

  function fetchAtlas(url) {
    if (!atlasCache[url]) {
      atlasCache[url] = fetchJSON(url).catch(function (err) {
        delete atlasCache[url];
        throw err;
      });
    }
    return atlasCache[url];
  }

  function isoKey(value) {
    var n = parseInt(value, 10);
    return isNaN(n) ? null : n;
  }

  function hex(n) {
    var s = Math.round(n).toString(16);
    return s.length < 2 ? '0' + s : s;
  }

  function countryColour(count, max) {
    if (!count || count <= 0 || !max) {
      return COUNTRY_NONE;
    }
    // sqrt keeps a few large counts from washing out everything else.
    var t = max <= 1 ? 1 : Math.sqrt(count - 1) / Math.sqrt(max - 1);
    t = Math.max(0, Math.min(1, t));
    return '#' + [0, 1, 2].map(function (i) {
      return hex(COUNTRY_LOW[i] + (COUNTRY_HIGH[i] - COUNTRY_LOW[i]) * t);
    }).join('');
  }

  function pointRadius(count, width) {
    var c = Number(count);
    if (!isFinite(c) || c < 1) {
      c = 1;
    }
    // Slightly smaller circles on narrow maps.
    var k = Math.max(0.65, Math.min(1, width / 800));
    return Math.min(14, 3.5 + 1.5 * Math.sqrt(c)) * k;
  }

  function kindLabels(el) {
    var labels = Object.assign({}, DEFAULT_KIND_LABELS);
    var raw = el.getAttribute('data-kind-labels');
    if (raw) {
      try {
        Object.assign(labels, JSON.parse(raw));
      } catch (e) {
        // Ignore malformed JSON and keep the defaults.
      }
    }
    return labels;
  }

  function showError(el, err) {
    if (err && window.console) {
      window.console.error('il-map:', err);
    }
    el.classList.remove('il-map-loading');
    el.classList.add('il-map-failed');
    var p = document.createElement('p');
    p.className = 'il-map-message';
    p.textContent = el.getAttribute('data-error') || DEFAULT_ERROR;
    el.replaceChildren(p);
  }

  var legendSerial = 0;

  function buildLegend(el, kindsPresent, maxCount) {
    var labels = kindLabels(el);
    var box = document.createElement('div');
    box.className = 'il-map-legend-box';
    var title = document.createElement('p');
    title.className = 'il-map-legend-title';
    legendSerial += 1;
    title.id = 'il-map-legend-' + legendSerial;
    title.textContent = el.getAttribute('data-legend-title') || 'Legend';
    var list = document.createElement('ul');
    list.className = 'il-map-legend';
    list.setAttribute('aria-labelledby', title.id);
    box.appendChild(title);
    box.appendChild(list);

    kindsPresent.forEach(function (kind) {
      var li = document.createElement('li');
      li.className = 'il-map-legend-kind il-map-legend-' + kind;
      var swatch = svgEl('svg', {
        width: 14, height: 14, viewBox: '0 0 14 14',
        'aria-hidden': 'true', focusable: 'false'
      });
      swatch.appendChild(svgEl('circle', {
        cx: 7, cy: 7, r: 5.5,
        fill: KIND_COLOURS[kind] || OTHER_COLOUR,
        stroke: '#ffffff', 'stroke-width': 1
      }));
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(' ' + (labels[kind] || kind)));
      list.appendChild(li);
    });

    if (maxCount > 0) {
      var li = document.createElement('li');
      li.className = 'il-map-legend-countries';
      var caption = el.getAttribute('data-countries-label');
      if (caption) {
        li.appendChild(document.createTextNode(caption + ' '));
      }
      li.appendChild(document.createTextNode('0 '));
      var steps = 5;
      var bar = svgEl('svg', {
        width: steps * 12, height: 12, viewBox: '0 0 ' + steps * 12 + ' 12',
        'aria-hidden': 'true', focusable: 'false'
      });
      bar.appendChild(svgEl('rect', { x: 0, y: 0, width: 12, height: 12, fill: COUNTRY_NONE }));
      for (var i = 1; i < steps; i++) {
        var value = 1 + (maxCount - 1) * ((i - 1) / (steps - 2));
        bar.appendChild(svgEl('rect', {
          x: i * 12, y: 0, width: 12, height: 12,
          fill: countryColour(value, maxCount)
        }));
      }
      li.appendChild(bar);
      li.appendChild(document.createTextNode(' ' + maxCount));
      list.appendChild(li);
    }
    return box;
  }

  // --- Zoom -------------------------------------------------------------------------------------
  var MAX_ZOOM = 8;

  function applyZoom(el) {
    var z = el._ilZoom;
    var w = z.width / z.k;
    var h = z.height / z.k;
    z.cx = Math.max(w / 2, Math.min(z.width - w / 2, z.cx));
    z.cy = Math.max(h / 2, Math.min(z.height - h / 2, z.cy));
    z.svg.setAttribute('viewBox', [z.cx - w / 2, z.cy - h / 2, w, h].map(function (n) {
      return n.toFixed(2);
    }).join(' '));
    Array.prototype.forEach.call(z.svg.querySelectorAll('circle.il-map-point'), function (c) {
      c.setAttribute('r', (Number(c.getAttribute('data-r')) / z.k).toFixed(2));
    });
    el.setAttribute('data-zoom', String(z.k));
  }

  function zoomBy(el, factor) {
    var z = el._ilZoom;
    z.k = Math.max(1, Math.min(MAX_ZOOM, z.k * factor));
    applyZoom(el);
  }

  function panBy(el, dx, dy) {
    var z = el._ilZoom;
    z.cx += dx * z.width / z.k / 4;
    z.cy += dy * z.height / z.k / 4;
    applyZoom(el);
  }

  function zoomReset(el) {
    var z = el._ilZoom;
    z.k = 1;
    z.cx = z.width / 2;
    z.cy = z.height / 2;
    applyZoom(el);
  }

  function button(text, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'button-secondary';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  function buildZoom(el, svg, width, height) {
    el._ilZoom = { svg: svg, width: width, height: height, k: 1, cx: width / 2, cy: height / 2 };
    var help = document.createElement('p');
    help.className = 'il-map-help';
    legendSerial += 1;
    help.id = 'il-map-help-' + legendSerial;
    help.textContent = el.getAttribute('data-zoom-help') || 'Zoom with + and -, move with the arrow keys.';
    svg.setAttribute('tabindex', '0');
    svg.setAttribute('aria-describedby', help.id);
    svg.addEventListener('keydown', function (evt) {
      var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      if (evt.target !== svg) {
        return;  // a point's link has the focus: its keys are its own
      }
      if (evt.key === '+' || evt.key === '=') {
        zoomBy(el, 2);
      } else if (evt.key === '-' || evt.key === '_') {
        zoomBy(el, 0.5);
      } else if (evt.key === '0') {
        zoomReset(el);
      } else if (moves[evt.key]) {
        panBy(el, moves[evt.key][0], moves[evt.key][1]);
      } else {
        return;
      }
      evt.preventDefault();
    });
    var bar = document.createElement('div');
    bar.className = 'il-map-zoom';
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', el.getAttribute('data-zoom-label') || 'Zoom');
    bar.appendChild(button(el.getAttribute('data-zoom-in') || 'Zoom in', function () { zoomBy(el, 2); }));
    bar.appendChild(button(el.getAttribute('data-zoom-out') || 'Zoom out', function () { zoomBy(el, 0.5); }));
    bar.appendChild(button(el.getAttribute('data-zoom-reset') || 'Whole world', function () { zoomReset(el); }));
    return [bar, help];
  }

  function draw(el, atlas, data) {
    var d3 = window.d3;
    var topojson = window.topojson;

    var width = Math.round(el.clientWidth) || 960;
    var height = Math.max(150, Math.round(width / 2));

    var sphere = { type: 'Sphere' };
    var projection = d3.geoNaturalEarth1().fitSize([width, height], sphere);
    var path = d3.geoPath(projection);

    var countries = topojson.feature(atlas, atlas.objects.countries).features;

    var countsByIso = new Map();
    (data.countries || []).forEach(function (c) {
      var key = isoKey(c.iso_numeric);
      if (key !== null) {
        var prev = countsByIso.get(key);
        var count = Number(c.count) || 0;
        countsByIso.set(key, {
          count: (prev ? prev.count : 0) + count,
          name: c.name || (prev && prev.name) || ''
        });
      }
    });
    var maxCount = 0;
    countsByIso.forEach(function (v) {
      if (v.count > maxCount) {
        maxCount = v.count;
      }
    });

    var svg = svgEl('svg', {
      viewBox: '0 0 ' + width + ' ' + height,
      width: width,
      height: height,
      role: 'group',
      'aria-label': el.getAttribute('data-label') || '',
      class: 'il-map-svg',
      preserveAspectRatio: 'xMidYMid meet'
    });

    svg.appendChild(svgEl('path', {
      d: path(sphere), fill: SPHERE_FILL, stroke: '#9aa7b0', 'stroke-width': 0.75,
      class: 'il-map-sphere'
    }));

    var gCountries = svgEl('g', { class: 'il-map-countries' });
    countries.forEach(function (feature) {
      var d = path(feature);
      if (!d) {
        return;
      }
      var key = isoKey(feature.id);
      var info = key === null ? null : countsByIso.get(key);
      var count = info ? info.count : 0;
      var p = svgEl('path', {
        d: d,
        fill: countryColour(count, maxCount),
        stroke: '#ffffff',
        'stroke-width': 0.5,
        'vector-effect': 'non-scaling-stroke',
        class: 'il-map-country' + (count > 0 ? ' il-map-country-active' : '')
      });
      if (feature.id !== undefined) {
        p.setAttribute('data-iso', String(feature.id));
      }
      p.setAttribute('data-count', String(count));
      var name = (info && info.name) || (feature.properties && feature.properties.name) || '';
      if (name) {
        var t = svgEl('title');
        t.textContent = count > 0 ? name + ': ' + count : name;
        p.appendChild(t);
      }
      gCountries.appendChild(p);
    });
    svg.appendChild(gCountries);

    var gPoints = svgEl('g', { class: 'il-map-points' });
    var kindsSeen = new Set();
    var points = (data.points || []).slice().sort(function (a, b) {
      // Draw big circles first so small ones stay clickable on top.
      return (Number(b.count) || 1) - (Number(a.count) || 1);
    });
    points.forEach(function (pt) {
      var lat = Number(pt.lat);
      var lon = Number(pt.lon);
      if (pt.lat === null || pt.lon === null || !isFinite(lat) || !isFinite(lon)) {
        return;
      }
      var xy = projection([lon, lat]);
      if (!xy || !isFinite(xy[0]) || !isFinite(xy[1])) {
        return;
      }
      var kind = String(pt.kind || '');
      kindsSeen.add(kind);
      var radius = pointRadius(pt.count, width).toFixed(2);
      var circle = svgEl('circle', {
        cx: xy[0].toFixed(2),
        cy: xy[1].toFixed(2),
        r: radius,
        'data-r': radius,
        'vector-effect': 'non-scaling-stroke',
        fill: KIND_COLOURS[kind] || OTHER_COLOUR,
        'fill-opacity': 0.9,
        stroke: '#ffffff',
        'stroke-width': 1.5,
        class: 'il-map-point il-map-point-' + (kind || 'other'),
        'data-testid': 'map-point',
        'data-name': pt.name || '',
        'data-kind': kind
      });
      var title = svgEl('title');
      title.textContent = pt.label || pt.name || '';
      var wrapper;
      if (pt.url && el.getAttribute('data-links') !== 'off') {
        wrapper = svgEl('a', { href: pt.url, class: 'il-map-link' });
      } else {
        wrapper = svgEl('g', { class: 'il-map-nolink' });
      }
      wrapper.appendChild(title);
      wrapper.appendChild(circle);
      gPoints.appendChild(wrapper);
    });
    svg.appendChild(gPoints);

    var kindsPresent = KIND_ORDER.filter(function (k) { return kindsSeen.has(k); });
    kindsSeen.forEach(function (k) {
      if (KIND_ORDER.indexOf(k) === -1) {
        kindsPresent.push(k);
      }
    });

    el.classList.remove('il-map-loading', 'il-map-failed');
    el.classList.add('il-map-ready');
    var zoom = buildZoom(el, svg, width, height);
    el.replaceChildren(zoom[0], svg, zoom[1], buildLegend(el, kindsPresent, maxCount));
    el._ilMapWidth = width;
  }

  function initMap(el) {
    if (started.has(el)) {
      return;
    }
    started.add(el);

    var pointsUrl = el.getAttribute('data-points-url');
    var atlasUrl = el.getAttribute('data-atlas-url');
    if (!pointsUrl || !atlasUrl || !window.d3 || !window.d3.geoNaturalEarth1 || !window.topojson) {
      showError(el, new Error('il-map: missing data-points-url/data-atlas-url or d3-geo/topojson-client'));
      return;
    }
    el.classList.add('il-map-loading');
    el.setAttribute('aria-busy', 'true');

    Promise.all([fetchAtlas(atlasUrl), fetchJSON(pointsUrl)])
      .then(function (results) {
        var atlas = results[0];
        var data = results[1] || {};
        if (!atlas || !atlas.objects || !atlas.objects.countries) {
          throw new Error('il-map: atlas has no "countries" object');
        }
        el._ilMapData = { atlas: atlas, data: data };
        draw(el, atlas, data);
      })
      .catch(function (err) {
        showError(el, err);
      })
      .then(function () {
        el.removeAttribute('aria-busy');
      });
  }

  function initAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches('div.il-map')) {
      initMap(scope);
    }
    Array.prototype.forEach.call(scope.querySelectorAll('div.il-map'), initMap);
  }

  // Redraw (from cached data, no refetch) when a map's width changes a lot.
  var resizeTimer = null;
  function onResize() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      Array.prototype.forEach.call(document.querySelectorAll('div.il-map.il-map-ready'), function (el) {
        var w = Math.round(el.clientWidth);
        if (el._ilMapData && w && Math.abs(w - (el._ilMapWidth || 0)) > 40) {
          try {
            draw(el, el._ilMapData.atlas, el._ilMapData.data);
          } catch (err) {
            showError(el, err);
          }
        }
      });
    }, 200);
  }

  document.addEventListener('htmx:load', function (evt) {
    initAll(evt.target);
  });
  window.addEventListener('resize', onResize);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { initAll(document); });
  } else {
    initAll(document);
  }

  window.InterlocalMap = { init: initAll };
})();
