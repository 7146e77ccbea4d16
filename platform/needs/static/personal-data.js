// The need form's personal-data answers are shown only while "Personal data will be processed" is ticked,
// right after the box, so they are read next. Without script they are always shown; a need that
// processes no personal data keeps none of them whatever is posted (needs.personal_data.without_answers).
(function () {
  "use strict";
  var box = document.getElementById("need-processes_personal_data");
  var answers = document.getElementById("need-personal-data");
  if (!box || !answers) { return; }
  function show() { answers.hidden = !box.checked; }
  box.addEventListener("change", show);
  show();
})();
