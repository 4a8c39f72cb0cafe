/* Search answers every change of the box's value, not only key releases.
   Material's search reads the box on "keyup"; text pasted with the mouse, dictated, or entered by
   some phone keyboards arrives as an "input" event with no key release, and the results stayed at
   打字進行搜尋. Each such change is passed on as the key release Material waits for. While an input
   method is composing, it waits for the composed text, as a key release would. */
(function () {
  "use strict";
  function answer(event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains("md-search__input")) return;
    if (event.type === "input" && event.isComposing) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", answer, true);
  document.addEventListener("compositionend", answer, true);
})();
