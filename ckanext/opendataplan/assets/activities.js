// The commitment form's activities table (scheming/form_snippets/opendataplan_activities.html),
// enhanced: "add a row" adds one without a round trip, and the commitment's figure follows
// the typing by the rule of domain/progress.py (the mean of the activities' progress,
// weighted, half up; else the progress set by hand; else not reported). The form works
// without this script, and the figure the server computes ("compute", save) is the truth.
(function () {
  "use strict";
  var section = document.querySelector(".opendataplan-activities");
  if (!section) return;
  var table = section.querySelector(".opendataplan-activities__table");
  var rows = table.querySelector("tbody");
  var template = section.querySelector(".opendataplan-activities__template");
  var add = section.querySelector('button[name="_opendataplan_add"]');
  var remove = section.querySelector(".opendataplan-activities__remove");
  var box = section.querySelector(".opendataplan-activities__figure");
  var figure = box.querySelector("[data-opendataplan-figure]");
  var basis = box.querySelector("[data-opendataplan-figure-basis]");
  var form = section.closest("form");
  var maxWeight = Number(box.dataset.maxWeight);
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

  // domain/numbers.as_finite: ASCII digits, "," or "." as the decimal mark, spaces
  // between groups of digits; anything else is no number
  function number(text) {
    var cleaned = String(text || "").replace(/[ \u00a0]/g, "").trim().replace(/,/g, ".");
    if (!NUMBER.test(cleaned)) return null;
    var value = Number(cleaned);
    return isFinite(value) ? value : null;
  }

  function clamp(value) {
    return Math.min(Math.max(value, 0), 100);
  }

  function weight(value) {
    return value !== null && value > 0 && value <= maxWeight ? value : 1;
  }

  function field(row, name) {
    var input = row.querySelector('[data-subfield="' + name + '"]');
    return input ? number(input.value) : null;
  }

  function compute() {
    var total = 0;
    var sum = 0;
    Array.prototype.forEach.call(rows.rows, function (row) {
      var progress = field(row, "progress");
      if (progress === null) return;
      var part = weight(field(row, "weight"));
      total += clamp(progress) * part;
      sum += part;
    });
    if (sum) return { value: Math.floor(total / sum + 0.5), basis: "basisActivities" };
    var manual = form.querySelector('[name="progress"]');
    var set = manual ? number(manual.value) : null;
    if (set !== null) return { value: Math.trunc(clamp(set)), basis: "basisManual" };
    return { value: null, basis: "basisNone" };
  }

  function show() {
    var result = compute();
    figure.textContent = "";
    if (result.value === null) {
      figure.textContent = box.dataset.notReported;
    } else {
      var span = document.createElement("span");
      span.dir = "ltr";
      span.textContent = box.dataset.percent.replace("0", String(result.value));
      figure.appendChild(span);
    }
    basis.textContent = box.dataset[result.basis];
  }

  function nextIndex() {
    var highest = -1;
    section.querySelectorAll("tbody [name]").forEach(function (input) {
      var index = Number(input.name.split("-")[1]);
      if (index > highest) highest = index;
    });
    return highest + 1;
  }

  add.addEventListener("click", function (event) {
    event.preventDefault();
    var index = String(nextIndex());
    var number_ = String(rows.rows.length + 1);
    var html = template.innerHTML.split("__index__").join(index);
    rows.insertAdjacentHTML("beforeend", html);
    var row = rows.rows[rows.rows.length - 1];
    row.querySelectorAll("[data-name]").forEach(function (input) {
      input.name = input.dataset.name;
      input.removeAttribute("data-name");
    });
    row.querySelector(".opendataplan-activities__number").textContent = number_;
    row.querySelectorAll(".visually-hidden").forEach(function (hidden) {
      hidden.textContent = " (" + number_ + ")";
    });
    table.hidden = false;
    remove.hidden = false;
    row.querySelector("input, select").focus();
  });

  form.addEventListener("input", show);
  form.addEventListener("change", show);
})();
