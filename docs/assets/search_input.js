/* Search answers every change of the box's value, not only key releases, in either script.
   Material's search reads the box on "keyup"; text pasted with the mouse, dictated, or entered by
   some phone keyboards arrives as an "input" event with no key release, and the results stayed at
   打字進行搜尋. Each such change is passed on as the key release Material waits for. While an input
   method is composing, it waits for the composed text, as a key release would.
   A query in the other script is converted character by character before it is searched
   (Simplified to Traditional on the zh-TW edition, the reverse on zh-Hans), with the edition's
   table (search/script.json beside its index, vlmguide.mkdocs.search_index), fetched the first
   time the reader focuses the search box. */
(function () {
  "use strict";
  var table = null;
  var loading = false;

  function isBox(element) {
    return element instanceof HTMLInputElement && element.classList.contains("md-search__input");
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    try {
      return new URL(JSON.parse(config.textContent).base + "/", location.href);
    } catch (error) {
      return new URL("./", location.href);
    }
  }

  /* The box's text in the edition's script; the caret stays (each character becomes one character). */
  function convert(box) {
    if (!table) return;
    var value = box.value;
    var converted = Array.from(value, function (char) { return table.get(char) || char; }).join("");
    if (converted === value) return;
    var start = box.selectionStart;
    var end = box.selectionEnd;
    box.value = converted;
    if (start !== null && document.activeElement === box) box.setSelectionRange(start, end);
  }

  function search(box) {
    convert(box);
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  function load(box) {
    if (loading) return;
    loading = true;
    var meta = document.querySelector('meta[name="vlm-search"]');
    fetch(new URL((meta ? meta.content : "search/") + "script.json", siteRoot()))
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var from = Array.from(data.from);
        var to = Array.from(data.to);
        table = new Map(from.map(function (char, i) { return [char, to[i]]; }));
        if (box.value) search(box);  /* what was typed while the table was on its way */
      })
      .catch(function () { /* without the table, queries are searched as typed */ });
  }

  function answer(event) {
    var box = event.target;
    if (!isBox(box)) return;
    if (event.type === "input" && event.isComposing) return;
    search(box);
  }

  document.addEventListener("focusin", function (event) { if (isBox(event.target)) load(event.target); }, true);
  document.addEventListener("input", answer, true);
  document.addEventListener("compositionend", answer, true);
})();
