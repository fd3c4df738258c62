// Where JavaScript runs, htmx sends upload forms (hx-boost) and this shows their progress; without
// it the same forms post as plain HTML forms.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest("form");
  var bar = form && form.querySelector("progress");
  if (bar && event.detail.lengthComputable) {
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  }
});
