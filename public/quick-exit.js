// Quick exit (the GOV.UK "Exit this page" pattern): a click on the button, or Esc pressed twice within a second,
// hides the page at once, ends the portal session and replaces this page with a neutral site, so Back does not
// return to it. Loaded as a plain script so that it works before the app has started and without the app.
(function () {
  "use strict";
  function exitNow(event) {
    var button = document.querySelector("[data-quick-exit]");
    var target = (button && button.getAttribute("data-url")) || "https://www.bbc.co.uk/weather";
    if (event) event.preventDefault();
    document.documentElement.style.visibility = "hidden";
    document.title = "Loading";
    try {
      if (navigator.sendBeacon) navigator.sendBeacon("/quick-exit?beacon");
    } catch (_ignored) {
      // Leaving the page matters more than ending the session: carry on.
    }
    window.location.replace(target);
  }
  // Both listeners sit on the window in the capture phase, ahead of every listener the page adds: React stops the
  // propagation of a key press or click that arrives while it is still hydrating the page, and a stalled hydration
  // (React 18 error 345) would otherwise swallow the exit for good.
  window.addEventListener(
    "click",
    function (event) {
      var link = event.target && event.target.closest ? event.target.closest("[data-quick-exit]") : null;
      if (link) exitNow(event);
    },
    true,
  );
  // Timed by when each key was pressed (the event's own time stamp), not when the page got round to handling it: a
  // page busy starting up can hand two quick presses over more than a second apart.
  var lastEscape = -Infinity;
  window.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Escape") return;
      var pressedAt = event.timeStamp || performance.now();
      if (pressedAt - lastEscape < 1000) exitNow(event);
      lastEscape = pressedAt;
    },
    true,
  );
})();
