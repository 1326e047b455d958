/*
 * Threads: page script (classic script, no modules, no inline code needed).
 *
 * Load it as the FIRST element inside <body>, without defer/async, so the
 * body gets its classes before anything is painted:
 *
 *   <body class="govuk-template__body">
 *     <script src="/static/js/threads.js"></script>
 *
 * It does two things:
 *  1. Adds "js-enabled" and, in browsers that support ES modules (the ones
 *     GOV.UK Frontend 5 supports), "govuk-frontend-supported" to <body>.
 *     This replaces GOV.UK Frontend's usual inline <script> snippet, which a
 *     Content Security Policy without 'unsafe-inline' would block.
 *     (GOV.UK Frontend components are initialised by /static/js/threads.mjs.)
 *  2. On DOMContentLoaded, renders charts: every <canvas data-chart="ID"> gets
 *     new Chart(canvas, config), where config is JSON read from
 *     <script type="application/json" id="ID"> (e.g. Django's json_script).
 *     Needs /static/vendor/chartjs/chart.umd.min.js loaded (defer is fine).
 */
(function () {
  "use strict";

  var FONT_FAMILY =
    'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
  var TEXT_COLOUR = "#0b0c0c";

  function markBody() {
    var body = document.body;
    if (!body) {
      return false;
    }
    body.classList.add("js-enabled");
    if ("noModule" in HTMLScriptElement.prototype) {
      body.classList.add("govuk-frontend-supported");
    }
    return true;
  }

  function prefersReducedMotion() {
    return (
      typeof window.matchMedia === "function" &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches
    );
  }

  function readConfig(id) {
    var source = id ? document.getElementById(id) : null;
    if (!source || source.tagName !== "SCRIPT" || source.type !== "application/json") {
      throw new Error('no <script type="application/json" id="' + id + '">');
    }
    return JSON.parse(source.textContent);
  }

  var charts = [];

  // Printing mid-animation would print half-drawn charts: jump to the end.
  function finishChartAnimations() {
    charts.forEach(function (chart) {
      try {
        chart.stop();
        chart.update("none");
      } catch (error) {
        // Chart already destroyed: nothing to print.
      }
    });
  }

  function renderCharts() {
    var Chart = window.Chart;
    var canvases = document.querySelectorAll("canvas[data-chart]");
    if (!canvases.length || typeof Chart !== "function") {
      return;
    }

    // Match the page's typography and keep text at full contrast.
    if (Chart.defaults) {
      if (Chart.defaults.font) {
        Chart.defaults.font.family = FONT_FAMILY;
        Chart.defaults.font.size = 16;
      }
      Chart.defaults.color = TEXT_COLOUR;
    }

    var reduceMotion = prefersReducedMotion();

    Array.prototype.forEach.call(canvases, function (canvas) {
      if (canvas.hasAttribute("data-chart-init")) {
        return;
      }
      var id = canvas.getAttribute("data-chart");
      try {
        var config = readConfig(id);
        if (reduceMotion) {
          config.options = config.options || {};
          config.options.animation = false;
        }
        // Chart.js draws on a canvas; expose it as an image with the
        // author's label (an adjacent table/text should carry the data).
        if (!canvas.hasAttribute("role") && canvas.hasAttribute("aria-label")) {
          canvas.setAttribute("role", "img");
        }
        charts.push(new Chart(canvas, config));
        canvas.setAttribute("data-chart-init", "");
      } catch (error) {
        if (window.console && console.error) {
          console.error('Threads: chart "' + id + '" not rendered:', error);
        }
      }
    });
  }

  if (!markBody()) {
    // Loaded from <head> without defer: mark the body as soon as it exists.
    document.addEventListener("DOMContentLoaded", markBody);
  }

  window.addEventListener("beforeprint", finishChartAnimations);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderCharts);
  } else {
    renderCharts();
  }
})();
