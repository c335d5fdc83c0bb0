// The queue: "select all on this page" ticks every claim's checkbox.
// (A file of its own: the Content-Security-Policy allows no inline script.)
document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-select-all]");
  if (!box) return;
  const name = box.dataset.selectAll;
  document.querySelectorAll(`input[name="${name}"]`).forEach((b) => {
    b.checked = box.checked;
  });
});
