/*
 * Interlocal charts (plain ES2017, no build step).
 *
 * Requires, loaded before this file: vendor/vega.min.js,
 * vendor/vega-lite.min.js, vendor/vega-embed.min.js.
 *
 * Markup:
 *   <div class="il-chart"
 *        data-spec-url="/reports/agreements-per-year.vl.json"
 *        data-label="Agreements signed per year"   (optional: used as the
 *                                                    chart description if the
 *                                                    spec has none)
 *        data-error="The chart could not be loaded."></div>
 *
 * CSP notes: charts are rendered with {ast: true}, so Vega evaluates
 * expressions with the bundled interpreter instead of new Function() and no
 * 'unsafe-eval' is needed; vega-embed's and vega-tooltip's <style> injection is
 * switched off (the styles live in css/app.css). Data inside specs should be
 * inline ("values") or JSON URLs on the same origin (CSV parsing in Vega uses
 * new Function() and would need 'unsafe-eval').
 */
(function () {
  'use strict';

  var DEFAULT_ERROR = 'The chart could not be loaded.';
  var started = new WeakSet();

  function showError(el, err) {
    if (err && window.console) {
      window.console.error('il-chart:', err);
    }
    el.classList.remove('il-chart-loading');
    el.classList.add('il-chart-failed');
    var p = document.createElement('p');
    p.className = 'il-chart-message';
    p.textContent = el.getAttribute('data-error') || DEFAULT_ERROR;
    el.replaceChildren(p);
  }

  function fetchSpec(url) {
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

  function initChart(el) {
    if (started.has(el)) {
      return;
    }
    started.add(el);

    var url = el.getAttribute('data-spec-url');
    if (!url || typeof window.vegaEmbed !== 'function') {
      showError(el, new Error('il-chart: missing data-spec-url or vega-embed'));
      return;
    }
    el.classList.add('il-chart-loading');
    el.setAttribute('aria-busy', 'true');

    fetchSpec(url)
      .then(function (spec) {
        if (!spec || typeof spec !== 'object') {
          throw new Error('il-chart: spec is not a JSON object');
        }
        var label = el.getAttribute('data-label');
        if (label && !spec.description) {
          spec.description = label;
        }
        return window.vegaEmbed(el, spec, {
          actions: false,
          renderer: 'svg',
          ast: true,
          defaultStyle: false,
          tooltip: { disableDefaultStyle: true }
        });
      })
      .then(function (result) {
        el.classList.remove('il-chart-loading');
        el.classList.add('il-chart-ready');
        el._ilChartView = result && result.view;
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
    if (scope.matches && scope.matches('div.il-chart')) {
      initChart(scope);
    }
    Array.prototype.forEach.call(scope.querySelectorAll('div.il-chart'), initChart);
  }

  // Free Vega views when htmx removes their element.
  document.addEventListener('htmx:beforeCleanupElement', function (evt) {
    var el = evt.target;
    if (el && el._ilChartView && typeof el._ilChartView.finalize === 'function') {
      el._ilChartView.finalize();
      el._ilChartView = null;
    }
  });

  document.addEventListener('htmx:load', function (evt) {
    initAll(evt.target);
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { initAll(document); });
  } else {
    initAll(document);
  }

  window.InterlocalCharts = { init: initAll };
})();
