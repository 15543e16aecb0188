/*
 * Keeps job progress bars (templates/jobs/includes/progress.html) up to date.
 *
 * Each bar polls its job's JSON status URL. When the job succeeds and the bar has a
 * done URL, the page goes there; a failed job stays on the page so its error is read.
 * The page is usable without this script: it shows the state at render time and a
 * Refresh link.
 */
(function () {
  "use strict";

  var POLL_EVERY_MS = 1500;
  // Give up after this many failed requests in a row (server down, session expired).
  var MAX_FAILURES = 10;

  function setText(element, text) {
    // Writing unchanged text into a live region would make screen readers repeat it.
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  function track(container) {
    var statusUrl = container.getAttribute("data-status-url");
    var doneUrl = container.getAttribute("data-done-url");
    var bar = container.querySelector("[data-job-bar]");
    var percent = container.querySelector("[data-job-percent]");
    var status = container.querySelector("[data-job-status]");
    var message = container.querySelector("[data-job-message]");
    var error = container.querySelector("[data-job-error]");
    var refresh = container.querySelector("[data-job-refresh]");
    var done = container.querySelector("[data-job-done]");
    var failures = 0;

    // The script polls, so the manual refresh is no longer needed.
    show(refresh, false);

    function render(job) {
      var value = Math.max(0, Math.min(100, Number(job.progress) || 0));
      if (bar) {
        bar.value = value;
        bar.textContent = value + "%";
      }
      setText(percent, value + "%");
      setText(status, job.status_label || "");
      setText(message, job.message || "");
      setText(error, job.error || "");
      show(error, Boolean(job.error));
    }

    function finish(job) {
      container.setAttribute("data-finished", "true");
      if (job.status === "succeeded") {
        show(done, true);
        if (doneUrl) {
          window.location.assign(doneUrl);
        }
      }
    }

    function poll() {
      fetch(statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (job) {
          failures = 0;
          render(job);
          if (job.finished) {
            finish(job);
          } else {
            window.setTimeout(poll, POLL_EVERY_MS);
          }
        })
        .catch(function () {
          failures += 1;
          if (failures < MAX_FAILURES) {
            window.setTimeout(poll, POLL_EVERY_MS);
          } else {
            // Polling stopped: hand the job back to the person's Refresh link.
            show(refresh, true);
          }
        });
    }

    poll();
  }

  function start() {
    var containers = document.querySelectorAll("[data-job-progress]");
    Array.prototype.forEach.call(containers, function (container) {
      // The template loads this script once per bar; each bar is tracked once.
      if (container.hasAttribute("data-job-tracked")) {
        return;
      }
      container.setAttribute("data-job-tracked", "");
      if (container.getAttribute("data-finished") === "true") {
        return;
      }
      track(container);
    });
  }

  start();
})();
