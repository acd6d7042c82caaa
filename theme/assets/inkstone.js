// inkstone built-in theme: the light/dark switch (the choice is applied before first paint by a
// line in <head>; this only handles the button), embedded players,
// tabs, and the search box (whose reader, search.js, loads the first time it is used).
// A site whose own partials/head.html lacks the line that sets the `js` class still gets it here,
// later (what needs script shows a moment after the page).
document.documentElement.classList.add("js");
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
  // Without script there is no search: the box shows only under the `js` class.
  var box = document.querySelector(".site-search");
  if (!box) return;
  var input = box.querySelector(".search-input");
  var form = box.querySelector("form");
  if (!input || !form) return;
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
(function () {
  // Strings the scripts show, in the page's language, from data attributes on <body>.
  var strings = document.body.dataset;

  // A book's chapter list folds behind a button on narrow screens; it stays open where wide.
  // (What shows before the script runs is decided by CSS under the `js` class, so nothing moves.)
  var toggle = document.querySelector(".book-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
  }

  // Chapters fold; one with `bookCollapseSection` starts folded unless the reader is inside it.
  // Without script every chapter stays open.
  document.querySelectorAll(".book-fold").forEach(function (fold) {
    var section = fold.closest(".book-section");
    fold.addEventListener("click", function () {
      var open = section.dataset.open !== "true";
      section.dataset.open = open ? "true" : "false";
      fold.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  // The main menu behind a button on phones, so sub-menus are listed rather than clipped.
  var menuButton = document.querySelector(".menu-toggle");
  var nav = document.querySelector(".site-nav");
  if (menuButton && nav) {
    menuButton.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
      return;
    }
    // Plain http (a phone on the dev server's LAN address) has no clipboard API.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) done(); } catch (e) { /* nothing to do */ }
    area.remove();
  }
  function confirm(button, label) {
    var before = button.textContent;
    button.textContent = label;
    setTimeout(function () { button.textContent = before; }, 1600);
  }

  // Code blocks: a button that copies the code, line numbers left out, in the bar the stylesheet
  // draws above it (with the language); the wrapper takes the block's margins, so nothing moves.
  document.querySelectorAll(".prose pre").forEach(function (pre) {
    var code = pre.querySelector("code");
    if (!code || pre.closest(".code-block")) return;
    var block = document.createElement("div");
    block.className = "code-block";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = strings.copy || "Copy";
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      var clone = code.cloneNode(true);
      clone.querySelectorAll(".ln").forEach(function (n) { n.remove(); });
      copyText(clone.textContent, function () { confirm(button, strings.copied || "Copied"); });
    });
    pre.parentNode.insertBefore(block, pre);
    block.appendChild(pre);
    block.appendChild(button);
  });

  // "Copy link" among the share links.
  document.querySelectorAll(".share-copy").forEach(function (button) {
    button.addEventListener("click", function () {
      // A site without a baseURL writes only the path; the reader's address bar has the rest.
      var url = new URL(button.dataset.url, location.href).href;
      copyText(url, function () { confirm(button, strings.copied || "Copied"); });
    });
  });

  // Back to top, once the reader is more than a screen down.
  var top = document.querySelector(".to-top");
  if (top) {
    var shown = false;
    var check = function () {
      var down = window.scrollY > window.innerHeight;
      if (down !== shown) { shown = down; top.hidden = !down; }
    };
    window.addEventListener("scroll", check, { passive: true });
    check();
  }

  // Content images open full size in a dialog; Escape, a click or the button closes it.
  var images = Array.prototype.filter.call(document.querySelectorAll(".prose img"), function (img) {
    return !img.closest("a") && !img.closest(".embed");
  });
  if (images.length && window.HTMLDialogElement) {
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    var big = document.createElement("img");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = strings.close || "Close";
    dialog.appendChild(close);
    dialog.appendChild(big);
    document.body.appendChild(dialog);
    var opener = null;
    dialog.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    images.forEach(function (img) {
      img.classList.add("zoomable");
      img.tabIndex = 0;
      img.setAttribute("role", "button");
      function open() {
        opener = img;
        big.src = img.currentSrc || img.src;
        big.alt = img.alt;
        dialog.setAttribute("aria-label", img.alt || strings.close || "Image");
        dialog.showModal();
        close.focus();
      }
      img.addEventListener("click", open);
      img.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); }
      });
    });
  }

  // Comments load when the reader gets near them, not with the page.
  var comments = document.querySelector(".comments[data-script]");
  if (comments) {
    var load = function () {
      var script = document.createElement("script");
      script.src = comments.dataset.script;
      script.async = true;
      script.crossOrigin = "anonymous";
      Object.keys(comments.dataset).forEach(function (key) {
        if (key.indexOf("attr") !== 0) return;
        var name = key.slice(4).replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }).replace(/^-/, "");
        script.setAttribute(name, comments.dataset[key]);
      });
      comments.appendChild(script);
    };
    if ("IntersectionObserver" in window) {
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); load(); }
      }, { rootMargin: "400px" });
      seen.observe(comments);
    } else {
      load();
    }
  }
})();
