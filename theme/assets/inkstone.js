// inkstone built-in theme: the light/dark switch (the choice is applied before first paint by a
// line in <head>; this only handles the button), and covers that fail to load.
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
