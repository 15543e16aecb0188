/*
 * Turns "Your certificate is being prepared…" (templates/certificates/includes/
 * my_certificates.html) into a download link once the PDF is rendered.
 *
 * Each waiting certificate polls its owner-only JSON status URL every two seconds. When
 * it is ready, the "ready" template is put into the item's live region, so screen
 * readers announce it. After about two minutes the script stops and says to reload
 * later. The page is usable without this script: it has a Refresh link.
 */
(function () {
  "use strict";

  var POLL_EVERY_MS = 2000;
  var GIVE_UP_AFTER_MS = 2 * 60 * 1000;

  function fill(region, template) {
    while (region.firstChild) {
      region.removeChild(region.firstChild);
    }
    region.appendChild(template.content.cloneNode(true));
  }

  function track(item) {
    var statusUrl = item.getAttribute("data-status-url");
    var region = item.querySelector("[data-certificate-region]");
    var ready = item.querySelector("template[data-certificate-ready]");
    var slow = item.querySelector("template[data-certificate-slow]");
    var refresh = item.querySelector("[data-certificate-refresh]");
    var giveUpAt = Date.now() + GIVE_UP_AFTER_MS;

    if (!statusUrl || !region || !ready || !("content" in ready)) {
      return;
    }
    // The script polls, so the manual refresh is no longer needed.
    if (refresh) {
      refresh.hidden = true;
    }

    function showReady(downloadUrl) {
      fill(region, ready);
      var link = region.querySelector("[data-certificate-link]");
      if (link) {
        link.setAttribute("href", downloadUrl);
      }
      item.removeAttribute("data-status-url");
    }

    function giveUp() {
      if (slow) {
        fill(region, slow);
      } else if (refresh) {
        refresh.hidden = false;
      }
    }

    function next() {
      if (Date.now() >= giveUpAt) {
        giveUp();
      } else {
        window.setTimeout(poll, POLL_EVERY_MS);
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
        .then(function (certificate) {
          if (certificate.ready && certificate.download_url) {
            showReady(certificate.download_url);
          } else {
            next();
          }
        })
        // A failed request (server restarting, a dropped connection) is tried again.
        .catch(next);
    }

    window.setTimeout(poll, POLL_EVERY_MS);
  }

  function start() {
    var items = document.querySelectorAll("[data-certificate][data-status-url]");
    Array.prototype.forEach.call(items, function (item) {
      // Tracked once, even if the script is loaded more than once.
      if (item.hasAttribute("data-certificate-tracked")) {
        return;
      }
      item.setAttribute("data-certificate-tracked", "");
      track(item);
    });
  }

  start();
})();
