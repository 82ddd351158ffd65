// Registers the service worker that makes the app work offline. A file of
// its own: the Content-Security-Policy allows no inline script.
// sw.js sits beside this file, at the app's base path; its scope is that
// directory.
if ("serviceWorker" in navigator) {
  var worker = new URL("sw.js", document.currentScript.src);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker).catch(function (e) {
      console.warn("Offline mode unavailable:", e);
    });
  });
}
