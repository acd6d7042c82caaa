// inkstone serve: reloads this page when the server rebuilt it, swaps stylesheets in place,
// and shows build errors over the page until they are fixed. Injected by the dev server only.
(() => {
  "use strict";
  const scrollKey = "inkstone-scroll:" + location.pathname;
  // The rebuild this page was served from; absent on the server's own notices.
  const served = document.currentScript?.dataset.generation;
  const here = () => {
    const path = decodeURI(location.pathname);
    return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
  };

  // The position saved before a reload is restored once, then forgotten.
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    history.scrollRestoration = "manual";
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x, y);
    restore();
    addEventListener("DOMContentLoaded", restore);
    addEventListener("load", restore);
  }

  const reload = () => {
    sessionStorage.setItem(scrollKey, `${scrollX},${scrollY}`);
    location.reload();
  };

  const swapStylesheets = (paths) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin === location.origin && paths.includes(decodeURI(url.pathname))) {
        url.searchParams.set("inkstone", Date.now().toString());
        link.href = url.href;
      }
    }
  };

  const overlayId = "inkstone-build-errors";
  const hideOverlay = () => document.getElementById(overlayId)?.remove();
  const showOverlay = (problems) => {
    hideOverlay();
    const box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0d0d;color:#fde8e8;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "padding:1rem 1.25rem;border-bottom:4px solid #f05252;box-shadow:0 4px 24px #0008";
    const title = document.createElement("strong");
    title.textContent =
      `The build failed (${problems.length} error${problems.length === 1 ? "" : "s"}). ` +
      "This page is the last good build; fix the file and it updates.";
    box.append(title);
    for (const problem of problems) {
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0;padding:.75rem;background:#0006;border-radius:4px";
      pre.textContent = problem.text;
      box.append(pre);
    }
    document.body.append(box);
  };

  let hadErrors = false;
  const onMessage = (message) => {
    if (message.kind === "hello") {
      // A rebuild happened between serving this page and opening the socket.
      if (served !== undefined && Number(served) !== message.generation) reload();
      return;
    }
    if (message.kind === "errors") {
      hadErrors = true;
      showOverlay(message.problems);
      return;
    }
    if (hadErrors) {
      hadErrors = false;
      hideOverlay();
    }
    if (message.navigate && message.navigate !== here()) {
      // --navigateToChanged: the page just edited is shown, wherever the reader was.
      location.href = message.navigate;
    } else if (message.kind === "css") {
      swapStylesheets(message.paths);
    } else if (message.all || message.paths.includes(here())) {
      reload();
    }
  };

  let retry = 250;
  const connect = (reconnecting) => {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/__inkstone/live");
    socket.onopen = () => {
      retry = 250;
      // The server restarted: what it serves now may differ from this page.
      if (reconnecting) reload();
    };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data));
    socket.onclose = () => {
      setTimeout(() => connect(true), retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect(false);
})();
