// The queue: "select all on this page" ticks every row's checkbox (a number
// folded under a row is selected on its own).
// (A file of its own: the Content-Security-Policy allows no inline script.)
document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-select-all]");
  if (!box) return;
  const name = box.dataset.selectAll;
  document.querySelectorAll(`input[name="${name}"]:not([data-folded])`).forEach((b) => {
    b.checked = box.checked;
  });
});

// From the keyboard: j / k move between claims (Enter opens one, as any
// link), n opens the claim that needs me next. Numbers folded under a row
// (<details class="fold">) are reached with Tab, opened with Enter or Space.
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "n") {
    location.href = document.getElementById("queue-table").dataset.nextUrl;
    return;
  }
  if (event.key !== "j" && event.key !== "k") return;
  const links = Array.from(document.querySelectorAll("#queue-table tbody a[data-claim-link]"));
  if (!links.length) return;
  // From a row's link, or from anything in its row (a fold of numbers).
  const at = links.findIndex((a) => a.closest("tr").contains(document.activeElement));
  const to = event.key === "j" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
  links[to].focus();
  links[to].closest("tr").scrollIntoView({ block: "nearest" });
  event.preventDefault();
});
