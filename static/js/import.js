// The import page: while the files upload and their claims are found, show
// that it is busy and keep the button from sending them twice. (A file of
// its own: the Content-Security-Policy runs no inline script.)
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-busy-on-submit]");
  if (!form) return;
  form.querySelector(".busy").hidden = false;
  form.querySelector("button[type=submit]").disabled = true;
});
