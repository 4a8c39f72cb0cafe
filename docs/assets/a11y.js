/* Material adds a toolbar (<nav>, with the copy button) to every code block, all with the same
 * name, and accessibility checkers ask that landmarks be told apart: number them. */
(function () {
  "use strict";

  function label() {
    var navs = document.querySelectorAll("nav.md-code__nav:not([aria-label])");
    if (!navs.length) return;
    Array.prototype.forEach.call(document.querySelectorAll("nav.md-code__nav"), function (nav, i) {
      nav.setAttribute("aria-label", "程式碼區塊 " + (i + 1) + " 的工具");
    });
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  label();
})();
