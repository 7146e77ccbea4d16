// The need form's CPV look-up without reloading the page: the same search and "Add" as the form's own
// buttons (which work without this file), answered by GET /api/v1/cpv. On any failure the form is
// posted as it would be without script.
(function () {
  "use strict";
  var box = document.getElementById("need-cpv-lookup");
  if (!box || !window.fetch) { return; }
  var query = document.getElementById("need-cpv_query");
  var codes = document.getElementById("need-cpv_codes");
  var results = document.getElementById("need-cpv-results");
  var button = box.querySelector("button[value='search_cpv']");
  var labelLang = { sv: "sv", nb: "da" }[box.dataset.lang] || "en";

  function add(code) {
    var typed = codes.value.replace(/[\s,;]+$/, "");
    if (typed.split(/[\s,;]+/).indexOf(code) === -1) {
      codes.value = typed ? typed + ", " + code : code;
    }
    codes.focus();
  }

  function row(found) {
    var item = document.createElement("li");
    var code = document.createElement("span");
    code.className = "cpv-code";
    code.textContent = found.code + " ";
    var label = document.createElement("span");
    label.lang = labelLang;
    label.textContent = found.labels[labelLang] + " ";
    var adding = document.createElement("button");
    adding.type = "button";
    adding.className = "ds-button button button--small";
    adding.dataset.variant = "tertiary";
    adding.textContent = box.dataset.add;
    adding.setAttribute("aria-label", box.dataset.add + " " + found.code);
    adding.addEventListener("click", function () { add(found.code); });
    item.append(code, label, adding);
    return item;
  }

  function show(found) {
    results.replaceChildren();
    if (!found.length) {
      var none = document.createElement("p");
      none.textContent = box.dataset.none;
      results.append(none);
      return;
    }
    var list = document.createElement("ul");
    list.className = "cpv-results";
    found.forEach(function (f) { list.append(row(f)); });
    results.append(list);
  }

  function search(event) {
    var text = query.value.trim();
    if (text.length < 2) { return; }
    event.preventDefault();
    fetch(box.dataset.cpvApi + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (answer) { if (!answer.ok) { throw new Error(answer.status); } return answer.json(); })
      .then(show)
      .catch(function () { button.form.requestSubmit(button); });
  }

  button.addEventListener("click", search);
  query.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(event); } });
}());
