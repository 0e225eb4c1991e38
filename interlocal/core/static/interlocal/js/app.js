/*
 * Interlocal progressive enhancements (plain ES2017, no build step, no inline
 * handlers). Load after vendor/htmx.min.js; everything works without htmx too.
 *
 *  - <select data-autosubmit> submits its form when changed.
 *  - <button data-confirm="Really delete?"> asks window.confirm() first and
 *    cancels the click (plain submit or htmx request) if the user says no.
 *  - htmx requests to this origin carry an X-CSRFToken header taken from the
 *    "csrftoken" cookie or from <meta name="csrf-token" content="...">.
 *  - The main menu: on narrow screens the button.menu-toggle shows and hides
 *    nav.main (aria-expanded); its groups are <details data-menu-group>, so
 *    they open without JS; with it, opening one closes the others, and
 *    Escape or a click elsewhere closes them.
 *  - <select data-searchable> with more than a dozen options becomes a
 *    type-to-search box (vendor/tom-select, loaded before this file); fewer
 *    options, or no JavaScript, and it stays the plain select.
 *  - <html> gets the class "js" so CSS can hide no-JS fallbacks
 *    (elements with [data-js-hide], e.g. the submit button of an
 *    autosubmitting filter form).
 */
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  // htmx 2 would inject a <style> for .htmx-indicator, which a strict CSP
  // blocks; the same rules live in css/app.css.
  if (window.htmx && window.htmx.config) {
    window.htmx.config.includeIndicatorStyles = false;
  }

  // (a) select[data-autosubmit] submits its form on change.
  document.addEventListener('change', function (evt) {
    var el = evt.target;
    if (!(el instanceof HTMLSelectElement) || !el.hasAttribute('data-autosubmit')) {
      return;
    }
    var form = el.form;
    if (!form) {
      return;
    }
    if (typeof form.requestSubmit === 'function') {
      // Fires the submit event, so validation and htmx (hx-get/hx-boost) apply.
      form.requestSubmit();
    } else {
      form.submit();
    }
  });

  // (b) button[data-confirm] asks before doing anything. Capture phase, so
  // this runs before htmx's own click handler on the button.
  document.addEventListener('click', function (evt) {
    var target = evt.target;
    if (!(target instanceof Element)) {
      return;
    }
    var button = target.closest('button[data-confirm]');
    if (!button || button.disabled) {
      return;
    }
    var message = button.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      evt.preventDefault();
      evt.stopPropagation();
      evt.stopImmediatePropagation();
    }
  }, true);

  // (c) CSRF token on htmx requests.
  function getCookie(name) {
    var parts = document.cookie ? document.cookie.split(';') : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.substring(0, name.length + 1) === name + '=') {
        try {
          return decodeURIComponent(part.substring(name.length + 1));
        } catch (e) {
          return part.substring(name.length + 1);
        }
      }
    }
    return null;
  }

  function csrfToken() {
    var token = getCookie('csrftoken');
    if (token) {
      return token;
    }
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : null;
  }

  function sameOrigin(path) {
    if (!path) {
      return true;
    }
    try {
      return new URL(path, window.location.href).origin === window.location.origin;
    } catch (e) {
      return false;
    }
  }

  document.addEventListener('htmx:configRequest', function (evt) {
    var detail = evt.detail;
    if (!detail || !detail.headers || !sameOrigin(detail.path)) {
      return;
    }
    var token = csrfToken();
    if (token) {
      detail.headers['X-CSRFToken'] = token;
    }
  });
  // (d) The main menu.
  function menuGroups() {
    return Array.prototype.slice.call(document.querySelectorAll('details[data-menu-group]'));
  }

  function closeGroups(except) {
    menuGroups().forEach(function (group) {
      if (group !== except) {
        group.open = false;
      }
    });
  }

  document.addEventListener('toggle', function (evt) {
    var el = evt.target;
    if (el instanceof HTMLDetailsElement && el.hasAttribute('data-menu-group') && el.open) {
      closeGroups(el);
    }
  }, true);

  document.addEventListener('keydown', function (evt) {
    if (evt.key !== 'Escape') {
      return;
    }
    var open = menuGroups().filter(function (group) { return group.open; })[0];
    if (open) {
      open.open = false;
      var summary = open.querySelector('summary');
      if (summary) {
        summary.focus();
      }
    }
  });

  document.addEventListener('click', function (evt) {
    var target = evt.target;
    if (target instanceof Element && !target.closest('details[data-menu-group]')) {
      closeGroups(null);
    }
    var toggle = target instanceof Element ? target.closest('button.menu-toggle') : null;
    if (!toggle) {
      return;
    }
    var menu = document.getElementById(toggle.getAttribute('aria-controls') || '');
    if (menu) {
      var expanded = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', expanded ? 'true' : 'false');
      menu.classList.toggle('open', expanded);
    }
  });
  // (e) Searchable selects for long lists of choices.
  var SEARCHABLE_FROM = 13;

  function enhanceSelects(root) {
    if (typeof window.TomSelect !== 'function') {
      return;
    }
    var selects = root.querySelectorAll('select[data-searchable]');
    Array.prototype.forEach.call(selects, function (select) {
      if (select.tomselect || select.options.length < SEARCHABLE_FROM) {
        return;
      }
      // The select's label names the search box too (tom-select points it at its input).
      new window.TomSelect(select, {
        plugins: select.multiple ? ['remove_button'] : [],
        maxOptions: null,
        allowEmptyOption: true,
        create: false,
        hideSelected: select.multiple
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { enhanceSelects(document); });
  } else {
    enhanceSelects(document);
  }
  document.addEventListener('htmx:afterSwap', function (evt) {
    if (evt.target instanceof Element) {
      enhanceSelects(evt.target);
    }
  });
})();
