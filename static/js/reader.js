// The article reader: open claims by click or keyboard, add a claim from a
// text selection. htmx does the requests; this asks the browser what only it
// knows (the selection, the keys pressed).
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;
  const panel = document.getElementById("panel");
  const tools = document.getElementById("selection-tools");
  const addButton = document.getElementById("add-claim");
  const respanButton = document.getElementById("respan-claim");
  let selection = null; // {start, end} in code points of the text as shown

  // Every claim of the list; numbers folded under their sentence's claim
  // (a closed <details class="fold">) are out of j / k's way until opened.
  const allItems = () => Array.from(document.querySelectorAll("#claim-list li[data-claim]"));
  const items = () => allItems().filter((li) => !li.closest("details.fold:not([open])"));
  const openId = () => panel.querySelector("#claim-panel")?.dataset.claim;

  let current = null; // the claim marked current, kept across redraws of the list
  function markCurrent(id) {
    current = id || null;
    document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
    if (!id) return;
    document.querySelectorAll(`[data-claim="${id}"]`).forEach((el) => {
      if (el.id !== "claim-panel") el.classList.add("current");
    });
    // A folded number opened from the text shows in the list, its fold open.
    const fold = claimItem(id)?.closest("details.fold");
    if (fold) fold.open = true;
  }

  function openClaim(url) {
    htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" }).then(() => {
      history.pushState({ claim: url }, "", url);
      markCurrent(openId());
      reveal(openId());
    });
  }

  function closePanel() {
    panel.innerHTML = '<p class="empty small">Panel closed. To open a claim, click its highlight, or press <span class="kbd">j</span> then <span class="kbd">Enter</span>.</p>';
    history.pushState({}, "", reader.dataset.articleUrl);
    markCurrent(null);
  }

  const claimItem = (id) => document.querySelector(`#claim-list li[data-claim="${id}"]`);

  // The claims highlighted where a click landed, innermost first, those out
  // of focus (dimmed) left out.
  function markedAt(node) {
    const ids = [];
    for (let el = node.closest("mark[data-claim]"); el; el = el.parentElement?.closest("mark[data-claim]")) {
      if (!el.classList.contains("dim") && !ids.includes(el.dataset.claim)) ids.push(el.dataset.claim);
    }
    return ids;
  }

  // Where claims overlap, a click offers them all, by their text.
  function offerChoice(ids, mark) {
    closeChoice();
    const menu = document.createElement("div");
    menu.className = "overlap-menu";
    menu.setAttribute("role", "menu");
    menu.setAttribute("aria-label", "Claims here");
    for (const id of ids) {
      const li = claimItem(id);
      if (!li) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "menuitem");
      button.className = li.className.replace(/\b(current|dim)\b/g, "");
      button.textContent = li.querySelector("a").textContent;
      button.addEventListener("click", () => { closeChoice(); openClaim(li.dataset.url); });
      menu.append(button);
    }
    const box = mark.getBoundingClientRect();
    const frame = reader.querySelector("article").getBoundingClientRect();
    menu.style.top = `${box.bottom - frame.top + 4}px`;
    menu.style.left = `${Math.max(0, Math.min(box.left - frame.left, frame.width - 300))}px`;
    reader.querySelector("article").append(menu);
    menu.querySelector("button")?.focus();
  }

  function closeChoice() {
    document.querySelectorAll(".overlap-menu").forEach((m) => m.remove());
  }

  // The focus switch: only open claims, or only those above a score, keep
  // their highlight (the choice is kept in the browser).
  const focusBox = document.getElementById("focus");
  const OPEN = ["new", "in_review", "submitted", "returned"];
  function applyFocus() {
    if (!focusBox) return;
    const rule = focusBox.value;
    const out = new Set();
    for (const li of allItems()) {
      const score = Number(li.dataset.score);
      const dim = (rule === "open" && !OPEN.includes(li.dataset.status))
        || (rule !== "all" && rule !== "open" && score < Number(rule));
      li.classList.toggle("dim", dim);
      if (dim) out.add(li.dataset.claim);
    }
    document.querySelectorAll("#article-body mark[data-claim]").forEach((m) => {
      m.classList.toggle("dim", out.has(m.dataset.claim));
    });
  }
  if (focusBox) {
    focusBox.value = localStorage.getItem("claimdesk.focus") || "all";
    if (!focusBox.value) focusBox.value = "all";
    focusBox.addEventListener("change", () => {
      localStorage.setItem("claimdesk.focus", focusBox.value);
      applyFocus();
    });
  }

  reader.addEventListener("click", (event) => {
    const close = event.target.closest("[data-close-panel]");
    if (close) {
      event.preventDefault();
      closePanel();
      return;
    }
    // A fold's summary opens the fold; a click on a folded claim opens it.
    if (event.target.closest("form, button, input, select, textarea, summary, details:not(.fold)")) return;
    const mark = event.target.closest("mark[data-claim]");
    const item = event.target.closest("#claim-list li[data-claim]");
    if (event.target.closest(".overlap-menu")) return;
    if (mark && !window.getSelection().toString()) {
      const ids = markedAt(event.target);
      if (ids.length > 1) {
        offerChoice(ids, mark);
        return;
      }
      const listed = claimItem(ids[0]);
      if (listed) openClaim(listed.dataset.url);
    } else if (item) {
      event.preventDefault();
      openClaim(item.dataset.url);
    }
  });

  // Bring a claim into view: its text in the article (centred), and on a
  // wide screen its line in the list — but never scroll the open panel away.
  // On a narrow screen the open panel is a sheet over the lower half (app.css):
  // the text goes to the top instead.
  const sheet = window.matchMedia("(max-width: 900px)");
  function reveal(id) {
    const block = sheet.matches && openId() ? "start" : "center";
    document.querySelector(`#article-body mark[data-claim="${id}"]`)
      ?.scrollIntoView({ block });
    if (!openId()) {
      document.querySelector(`#claim-list li[data-claim="${id}"]`)
        ?.scrollIntoView({ block: "nearest" });
    }
  }

  // The loop from the keyboard: each key does what the panel's button or
  // field would, and only when the panel offers it (the rules table decided).
  function press(action) {
    const button = panel.querySelector(`form[data-action="${action}"] button[type="submit"]`);
    if (!button) return false;
    htmx.process(button.form); // a key pressed as the page loads: htmx's, not a page load
    button.click();
    return true;
  }

  function focusField(selector) {
    const field = panel.querySelector(selector);
    if (!field) return false;
    const details = field.closest("details");
    if (details) details.open = true;
    field.focus();
    field.scrollIntoView({ block: "nearest" });
    return true;
  }

  function nextUrl(done) {
    const query = new URLSearchParams();
    if (openId()) query.set("after", openId());
    if (done) query.set("done", done);
    return `${reader.dataset.nextUrl}?${query}`;
  }
  const autoNext = () => localStorage.getItem("claimdesk.autoNext") !== "off";
  const KEYS = {
    s: () => press("start_review"),
    e: () => focusField('form[data-action="add_evidence"] input[name="url"]'),
    v: () => focusField('form[data-action="submit"] select[name="rating"]'),
    a: () => press("approve"),
    r: () => focusField('form[data-action="return"] textarea[name="note"]'),
    n: () => { location.href = nextUrl(); return true; },
    "?": () => { document.getElementById("shortcuts").showModal(); return true; },
  };

  document.addEventListener("keydown", (event) => {
    // Ctrl+Enter (⌘+Enter on a Mac) sends the form the cursor is in.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.form
        && panel.contains(event.target)) {
      event.preventDefault();
      htmx.process(event.target.form); // the panel just swapped in: htmx's yet
      event.target.form.requestSubmit();
      return;
    }
    // Typing in a field, or in the open dialog, is theirs; a field of the
    // dialog just closed (its focus not yet given back) is not.
    const field = event.target.closest("input, textarea, select, [contenteditable], dialog[open]");
    if (field && !event.target.closest("dialog:not([open])")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (KEYS[event.key]) {
      if (KEYS[event.key]()) event.preventDefault();
      return;
    }
    const list = items();
    if (!list.length) return;
    let index = list.findIndex((li) => li.classList.contains("current"));
    if (event.key === "j" || event.key === "k") {
      index = event.key === "j" ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
      // Off a fold's summary, so that Enter opens the claim, not the fold.
      if (event.target.closest("#claim-list summary")) event.target.blur();
      markCurrent(list[index].dataset.claim);
      reveal(list[index].dataset.claim);
    } else if (event.key === "Enter" && index >= 0
               && !event.target.closest("a, button, summary")) { // theirs to press
      event.preventDefault();
      openClaim(list[index].dataset.url);
    } else if (event.key === "Escape" && document.querySelector(".overlap-menu")) {
      closeChoice();
    } else if (event.key === "Escape" && openId()) {
      closePanel();
    }
  });

  // After a verdict is submitted or approved, the next claim that needs me
  // opens (unless turned off in the shortcuts dialog): once the redrawn
  // panel shows that the claim did move on.
  const MOVED = { submit: "submitted", approve: "published" };
  let sent = null;
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest?.("#panel form[data-action]");
    if (form) sent = form.dataset.action;
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (!panel.contains(event.target)) return; // the list or the text redrawn
    const action = sent;
    sent = null;
    const status = panel.querySelector("#claim-panel")?.dataset.status;
    if (MOVED[action] && status === MOVED[action] && autoNext()) {
      location.href = nextUrl(action);
    }
  });

  // Evidence: the title and publisher the server read from the source's page
  // fill the fields the person has left empty (never what they typed).
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const url = event.detail.elt;
    if (!url.matches?.("[data-fills-source]") || event.detail.xhr.status !== 200) return;
    const found = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    for (const name of ["title", "publisher"]) {
      const field = url.form?.elements[name];
      const value = found.querySelector(`[name="${name}"]`)?.value;
      if (field && !field.value && value) field.value = value;
    }
  });

  // Closing the dialog leaves no focus inside it, so the keys work again.
  const dialog = document.getElementById("shortcuts");
  dialog?.addEventListener("close", () => {
    if (dialog.contains(document.activeElement)) document.activeElement.blur();
  });

  const autoNextBox = document.getElementById("auto-next");
  if (autoNextBox) {
    autoNextBox.checked = autoNext();
    autoNextBox.addEventListener("change", () => {
      localStorage.setItem("claimdesk.autoNext", autoNextBox.checked ? "on" : "off");
    });
  }

  // Offsets: the browser counts UTF-16 code units, the server code points.
  function codePointsBefore(body, node, offset) {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  function hideTools() {
    tools.hidden = true;
    selection = null;
  }

  // A selection in the text offers "Add claim", and, when the open claim may
  // be corrected, to make the selection that claim's words instead.
  document.addEventListener("selectionchange", () => {
    const body = document.getElementById("article-body");
    const sel = window.getSelection();
    if (!body || reader.dataset.canEdit !== "1" || !sel.rangeCount || sel.isCollapsed) {
      hideTools();
      return;
    }
    const range = sel.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) {
      hideTools();
      return;
    }
    selection = {
      start: codePointsBefore(body, range.startContainer, range.startOffset),
      end: codePointsBefore(body, range.endContainer, range.endOffset),
    };
    const open = panel.querySelector("#claim-panel[data-correct-url]");
    respanButton.hidden = !open;
    if (open) respanButton.textContent = `Set as claim #${open.dataset.claim}’s words`;
    const box = range.getBoundingClientRect();
    const frame = reader.querySelector("article").getBoundingClientRect();
    tools.style.top = `${box.bottom - frame.top + 6}px`;
    tools.style.left = `${Math.max(0, box.left - frame.left)}px`;
    tools.hidden = false;
  });

  function sendSelection(url, extra) {
    if (!selection) return;
    const values = { start: selection.start, end: selection.end, ...extra };
    htmx.ajax("POST", url, { target: "#panel", swap: "innerHTML", values }).then(() => {
      window.getSelection().removeAllRanges();
      hideTools();
      const id = openId();
      if (id && location.pathname !== `/claims/${id}/`) history.pushState({}, "", `/claims/${id}/`);
    });
  }

  for (const button of [addButton, respanButton]) {
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  }
  addButton.addEventListener("click", () => sendSelection(reader.dataset.addUrl, {}));
  respanButton.addEventListener("click", () => {
    const open = panel.querySelector("#claim-panel[data-correct-url]");
    if (open) sendSelection(open.dataset.correctUrl, { version: open.dataset.version });
  });

  // The panel, the list or the text redrawn: the open claim, or else the one
  // j / k stood on, stays current. The navigation's counts (polled) are not
  // the reader's business.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (!reader.contains(event.target)) return;
    markCurrent(openId() || current);
    applyFocus();
  });
  window.addEventListener("popstate", () => location.reload());
  markCurrent(openId());
  applyFocus();
  if (openId()) reveal(openId()); // opened by a link: its text in view
})();
