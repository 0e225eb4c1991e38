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

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', fit);
  } else {
    fit();
  }
  if (WIDE.addEventListener) {
    WIDE.addEventListener('change', fit);
  }
})();
