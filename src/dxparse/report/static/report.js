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
    if (event.key === "Escape") { clear(); hideTip(); }
  });

  // One tooltip for every box, written from the row (or the issue) the box
  // names: each value is in the page once.
  var tip = document.createElement("div");
  tip.id = "tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  function text(id) {
    var el = id ? document.getElementById(id) : null;
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function tipText(box) {
    var target = document.getElementById(box.dataset.target || "");
    if (!target) { return ""; }
    if (box.dataset.issue) { return text(box.dataset.target); }
    var section = target.closest("section");
    var heading = section ? section.querySelector("h3") : null;
    var dataset = heading ? heading.textContent.replace(/\s*\(\d+\)\s*$/, "").trim() : "";
    var all = document.querySelectorAll('.box[data-target="' + box.dataset.target + '"][data-field="' +
      box.dataset.field + '"]').length;
    var part = all > 1 ? " (" + box.dataset.part + "/" + all + ")" : "";
    return text(box.getAttribute("aria-labelledby")) + part + "\n" +
      text(box.getAttribute("aria-describedby")) + "\n" + dataset + " / " + target.dataset.key;
  }
  function showTip(box) {
    tip.textContent = tipText(box);
    box.parentElement.appendChild(tip);
    tip.style.left = box.offsetLeft + "px";
    tip.style.top = (box.offsetTop + box.offsetHeight + 2) + "px";
    tip.hidden = false;
    var room = box.parentElement.clientWidth - tip.offsetWidth;  // kept inside the page
    if (tip.offsetLeft > room) { tip.style.left = Math.max(0, room) + "px"; }
  }
  function hideTip() { tip.hidden = true; }
  function boxOf(event) {
    return event.target instanceof Element ? event.target.closest(".box") : null;
  }
  document.addEventListener("mouseover", function (event) {
    var box = boxOf(event);
    if (box) { showTip(box); }
  });
  document.addEventListener("mouseout", function (event) {
    if (boxOf(event) && document.activeElement !== boxOf(event)) { hideTip(); }
  });
  document.addEventListener("focusin", function (event) {
    var box = boxOf(event);
    if (box) { showTip(box); } else { hideTip(); }
  });
  document.addEventListener("focusout", function (event) {
    if (boxOf(event)) { hideTip(); }
  });
})();
