/*
 * The public portal's chrome (plain ES2017, CSP-safe). The menu is a <details>: closed on a phone, it opens
 * with a tap and works without JavaScript; on a wide screen this script keeps it open, so the links show
 * as a bar.
 */
(function () {
  'use strict';

  var WIDE = window.matchMedia('(min-width: 60rem)');

  function fit() {
    Array.prototype.forEach.call(document.querySelectorAll('details[data-portal-menu]'), function (menu) {
      menu.open = WIDE.matches;
    });
  }

  // A table wider than the screen scrolls inside its box; the box then takes the keyboard's focus (arrow
  // keys scroll it) and is named after the table's caption, as a region.
  function scrollables() {
    // A table that came without its box (from a template that forgot it) gets one.
    Array.prototype.forEach.call(document.querySelectorAll('main table'), function (table) {
      if (!table.parentElement.classList.contains('table-wrap')) {
        var box = document.createElement('div');
        box.className = 'table-wrap';
        table.parentElement.insertBefore(box, table);
        box.appendChild(table);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('.table-wrap'), function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector('caption');
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', caption ? caption.textContent.trim() : (box.getAttribute('data-label') || 'Table'));
      } else if (box.getAttribute('role') === 'region') {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    });
  }

  function start() {
    fit();
    scrollables();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
  if (WIDE.addEventListener) {
    WIDE.addEventListener('change', fit);
  }
  var resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(scrollables, 150);
  });
  document.addEventListener('htmx:load', scrollables);
})();
