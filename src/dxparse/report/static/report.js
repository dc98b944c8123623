// dxparse review report: a row, a value or an issue shows its box(es) on the
// page; a box shows its row. Buttons only, so Enter and Space work as clicks.
"use strict";
(function () {
  function clear() {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
  }
  function showBoxes(ids) {
    var boxes = ids.map(function (id) { return document.getElementById(id); })
      .filter(function (el) { return el !== null; });
    clear();
    boxes.forEach(function (el) { el.classList.add("hl"); });
    if (boxes.length) {
      boxes[0].scrollIntoView({ block: "center", inline: "nearest" });
      boxes[0].focus({ preventScroll: true });
    }
  }
  function showTarget(box) {
    var target = document.getElementById(box.dataset.target || "");
    clear();
    box.classList.add("hl");
    if (target) {
      target.classList.add("hl");
      target.scrollIntoView({ block: "nearest" });
    }
  }
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-boxes], .box") : null;
    if (!el) { return; }
    if (el.dataset.boxes) {
      showBoxes(el.dataset.boxes.split(" "));
    } else {
      showTarget(el);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
  });
})();
