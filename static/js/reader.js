// The article reader: open claims by click or keyboard, add a claim from a
// text selection. htmx does the requests; this asks the browser what only it
// knows (the selection, the keys pressed).
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;
  const panel = document.getElementById("panel");
  const addButton = document.getElementById("add-claim");
  let selection = null; // {start, end} in code points of the text as shown

  const items = () => Array.from(document.querySelectorAll("#claim-list li[data-claim]"));
  const openId = () => panel.querySelector("#claim-panel")?.dataset.claim;

  function markCurrent(id) {
    document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
    if (!id) return;
    document.querySelectorAll(`[data-claim="${id}"]`).forEach((el) => {
      if (el.id !== "claim-panel") el.classList.add("current");
    });
  }

  function openClaim(url) {
    htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" }).then(() => {
      history.pushState({ claim: url }, "", url);
      markCurrent(openId());
    });
  }

  function closePanel() {
    panel.innerHTML = '<p class="empty small">Panel closed. Click a highlighted claim, or press <span class="kbd">j</span> and <span class="kbd">Enter</span>, to open one.</p>';
    history.pushState({}, "", reader.dataset.articleUrl);
    markCurrent(null);
  }

  reader.addEventListener("click", (event) => {
    const close = event.target.closest("[data-close-panel]");
    if (close) {
      event.preventDefault();
      closePanel();
      return;
    }
    if (event.target.closest("form, button, input, select, textarea, details")) return;
    const mark = event.target.closest("mark[data-claim]");
    const item = event.target.closest("#claim-list li[data-claim]");
    if (mark && !window.getSelection().toString()) {
      const listed = document.querySelector(`#claim-list li[data-claim="${mark.dataset.claim}"]`);
      if (listed) openClaim(listed.dataset.url);
    } else if (item) {
      event.preventDefault();
      openClaim(item.dataset.url);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const list = items();
    if (!list.length) return;
    let index = list.findIndex((li) => li.classList.contains("current"));
    if (event.key === "j" || event.key === "k") {
      index = event.key === "j" ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
      markCurrent(list[index].dataset.claim);
      list[index].scrollIntoView({ block: "nearest" });
      document.querySelector(`#article-body mark[data-claim="${list[index].dataset.claim}"]`)
        ?.scrollIntoView({ block: "center" });
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      openClaim(list[index].dataset.url);
    } else if (event.key === "Escape" && openId()) {
      closePanel();
    }
  });

  // Offsets: the browser counts UTF-16 code units, the server code points.
  function codePointsBefore(body, node, offset) {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  document.addEventListener("selectionchange", () => {
    const body = document.getElementById("article-body");
    const sel = window.getSelection();
    if (!body || reader.dataset.canEdit !== "1" || !sel.rangeCount || sel.isCollapsed) {
      addButton.hidden = true;
      selection = null;
      return;
    }
    const range = sel.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) {
      addButton.hidden = true;
      selection = null;
      return;
    }
    selection = {
      start: codePointsBefore(body, range.startContainer, range.startOffset),
      end: codePointsBefore(body, range.endContainer, range.endOffset),
    };
    const box = range.getBoundingClientRect();
    const frame = reader.querySelector("article").getBoundingClientRect();
    addButton.style.top = `${box.bottom - frame.top + 6}px`;
    addButton.style.left = `${Math.max(0, box.left - frame.left)}px`;
    addButton.hidden = false;
  });

  addButton.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  addButton.addEventListener("click", () => {
    if (!selection) return;
    const values = { start: selection.start, end: selection.end };
    htmx.ajax("POST", reader.dataset.addUrl, { target: "#panel", swap: "innerHTML", values })
      .then(() => {
        window.getSelection().removeAllRanges();
        addButton.hidden = true;
        const id = openId();
        if (id) history.pushState({}, "", `/claims/${id}/`);
      });
  });

  document.body.addEventListener("htmx:afterSettle", () => markCurrent(openId()));
  window.addEventListener("popstate", () => location.reload());
  markCurrent(openId());
})();
