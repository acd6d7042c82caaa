// inkstone built-in theme: the light/dark switch (the choice is applied before first paint by a
// line in <head>; this only handles the button), covers that fail to load, embedded players,
// tabs, and the search box (whose reader, search.js, loads the first time it is used).
(function () {
  // A cover whose file is missing (moved, or only on the live site) leaves no empty frame.
  document.querySelectorAll(".card-cover img, img.cover").forEach(function (img) {
    function drop() { (img.closest(".card-cover") || img).remove(); }
    img.addEventListener("error", drop);
    if (img.loading !== "lazy" && img.complete && img.naturalWidth === 0) drop();
  });
})();
(function () {
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  function current() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function label() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem("inkstone-theme", next); } catch (e) { /* private mode */ }
    label();
  });
  label();
})();
(function () {
  // Embedded players load only when asked: the card is a link until then.
  document.querySelectorAll(".embed[data-player]").forEach(function (card) {
    var link = card.querySelector("a");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = card.dataset.player;
      frame.title = link.querySelector("strong") ? link.querySelector("strong").textContent : "";
      frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      card.replaceChildren(frame);
      frame.focus();
    });
  });
})();
(function () {
  // Tabs: the sections read one after another until this turns them into a tab list.
  var count = 0;
  document.querySelectorAll(".tabs").forEach(function (tabs) {
    var panels = Array.prototype.filter.call(tabs.children, function (el) { return el.classList.contains("tab"); });
    if (panels.length === 0) return;
    var items = (tabs.dataset.items || "").split(",").map(function (s) { return s.trim(); });
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var buttons = panels.map(function (panel, i) {
      var id = "tab-" + (++count);
      var button = document.createElement("button");
      button.type = "button";
      button.id = id;
      button.setAttribute("role", "tab");
      button.textContent = panel.dataset.title || items[i] || String(i + 1);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", id);
      button.addEventListener("click", function () { select(i); });
      button.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step) { select((i + step + panels.length) % panels.length); buttons[(i + step + panels.length) % panels.length].focus(); }
      });
      list.appendChild(button);
      return button;
    });
    function select(n) {
      panels.forEach(function (panel, i) {
        panel.hidden = i !== n;
        buttons[i].setAttribute("aria-selected", i === n ? "true" : "false");
        buttons[i].tabIndex = i === n ? 0 : -1;
      });
    }
    tabs.insertBefore(list, tabs.firstChild);
    tabs.dataset.ready = "";
    select(0);
  });
})();
(function () {
  // Without script there is no search: the box stays hidden until this shows it.
  var box = document.querySelector(".site-search");
  if (!box) return;
  var input = box.querySelector(".search-input");
  var form = box.querySelector("form");
  if (!input || !form) return;
  box.hidden = false;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var script = document.createElement("script");
    script.src = box.dataset.script;
    script.async = true;
    document.head.appendChild(script);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    input.focus();
  });
})();
