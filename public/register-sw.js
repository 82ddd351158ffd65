// Registers the service worker that makes the app work offline. A file of
// its own: the Content-Security-Policy allows no inline script.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function (e) {
      console.warn("Offline mode unavailable:", e);
    });
  });
}
