/*
 * Threads: assessment section pages (progressive enhancement; the pages work without it).
 *
 *  1. A form with data-warn-unsaved="true" asks before the page is left with changes typed
 *     but not saved (the browser's own "Leave site?" prompt).
 *  2. <dialog id="app-timeout" data-timeout-seconds data-warn-seconds data-keep-alive-url>:
 *     the timeout warning, opened data-warn-seconds before the session ends. "Stay signed in"
 *     POSTs to the keep-alive URL (with the page's CSRF token), which restarts the session clock.
 *     Typing that reaches the server after the session ended is kept and given back after
 *     signing in (assessments.views.section), so nothing is lost either way.
 */
(function () {
  "use strict";

  function warnUnsaved(form) {
    var dirty = false;
    function mark() {
      dirty = true;
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) {
        return undefined;
      }
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function timeoutWarning(dialog) {
    var total = parseInt(dialog.getAttribute("data-timeout-seconds"), 10);
    var warn = parseInt(dialog.getAttribute("data-warn-seconds"), 10) || 120;
    var url = dialog.getAttribute("data-keep-alive-url");
    var countdown = dialog.querySelector(".app-timeout__countdown");
    var stay = dialog.querySelector(".app-timeout__stay");
    var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!total || typeof dialog.showModal !== "function") {
      return;
    }
    var endsAt;
    var warnTimer;
    var tick;

    function render() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      if (left === 0) {
        countdown.textContent = "0 seconds";
        dialog.querySelector("#app-timeout-title").textContent = "You have been signed out";
        dialog.querySelector("#app-timeout-text").textContent =
          "Your session has ended. Save the page: you will be asked to sign in again and " +
          "will get back what you typed.";
        stay.textContent = "Close";
        window.clearInterval(tick);
        return;
      }
      countdown.textContent =
        left >= 60 ? plural(Math.ceil(left / 60), "minute") : plural(left, "second");
    }

    function open() {
      if (!dialog.open) {
        dialog.showModal();
      }
      render();
      tick = window.setInterval(render, 1000);
    }

    function start() {
      endsAt = Date.now() + total * 1000;
      window.clearTimeout(warnTimer);
      window.clearInterval(tick);
      warnTimer = window.setTimeout(open, Math.max(0, (total - warn) * 1000));
    }

    stay.addEventListener("click", function () {
      if (endsAt <= Date.now()) {
        dialog.close();
        return;
      }
      var request = new XMLHttpRequest();
      request.open("POST", url);
      if (tokenInput) {
        request.setRequestHeader("X-CSRFToken", tokenInput.value);
      }
      request.onload = function () {
        if (request.status === 204) {
          dialog.close();
          start();
        }
      };
      request.send();
    });
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape means "stay signed in", as the button does
      stay.click();
    });
    start();
  }

  function init() {
    Array.prototype.forEach.call(
      document.querySelectorAll("form[data-warn-unsaved]"),
      warnUnsaved
    );
    var dialog = document.getElementById("app-timeout");
    if (dialog) {
      timeoutWarning(dialog);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
