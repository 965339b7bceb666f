// ocop serve: filters the status table as the officer types, the same way the server
// does when the form is sent (case, diacritics and punctuation ignored: "mat ong" finds
// "Mật ong An Sơn"). Each row carries its searchable text, already folded by the server,
// in data-search. Without this script the form still works: it reloads the page.
"use strict";
(function () {
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/đ/g, "d")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function filter(input) {
    var rows = document.querySelectorAll("table#status tbody tr");
    var want = fold(input.value);
    var shown = 0;
    rows.forEach(function (row) {
      var keep = want === "" || (row.getAttribute("data-search") || "").indexOf(want) !== -1;
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var counter = document.getElementById("shown");
    if (counter) { counter.textContent = String(shown); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    if (!input || !document.getElementById("status")) { return; }
    input.addEventListener("input", function () { filter(input); });
  });
})();
