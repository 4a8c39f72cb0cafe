/* Material adds a toolbar (<nav>, with the copy button) to every code block, all with the same
 * name, and accessibility checkers ask that landmarks be told apart: number them. The wording is
 * the page's (overrides/main.html writes it in the page's edition). */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="vlm-code-tools"]');
  var format = meta ? meta.content : "{n}";

  function label() {
    var navs = document.querySelectorAll("nav.md-code__nav:not([aria-label])");
    if (!navs.length) return;
    Array.prototype.forEach.call(document.querySelectorAll("nav.md-code__nav"), function (nav, i) {
      nav.setAttribute("aria-label", format.replace("{n}", i + 1));
    });
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  label();
})();
