// Exam attempt page: saves each answer as soon as it changes and counts down to the deadline.
//
// Saves: every change is posted as JSON {question, selected, sequence}. The sequence grows
// with time: hundredths of a second since the attempt started, by the server's clock (the
// page gives its value when it was served), never less than the last one sent plus one.
// So the later save wins on the server, whichever tab or device sent it, and a retried or
// overtaken request changes nothing. Failed saves are retried with growing pauses; the
// status line (aria-live="polite") says "Saved" or "Not saved — retrying".
//
// Timer: the deadline and the server's "now" come from data attributes, so a wrong clock
// on the phone does not matter. Five and one minute before the end a polite live region
// says so; at zero the answers are saved and the attempt submitted.
//
// Without this script the form still works: "Next", "Previous" and "Save" post the answers.
(function () {
  "use strict";

  const root = document.querySelector("[data-exam-attempt]");
  if (!root) {
    return;
  }
  const form = root.querySelector("[data-exam-form]");
  const status = root.querySelector("[data-exam-save-status]");
  const csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const text = (name) => root.dataset["text" + name] || "";

  const loadedAt = Date.now();
  const clockSkew = Date.parse(root.dataset.serverNow) - loadedAt;
  const timeSequenceAtLoad = Number(root.dataset.timeSequence) || 0;
  let lastSequence = Number(root.dataset.maxSequence) || 0;

  function nextSequence() {
    const elapsed = Math.floor((Date.now() - loadedAt) / 10);
    lastSequence = Math.max(lastSequence + 1, timeSequenceAtLoad + elapsed);
    return lastSequence;
  }

  function setStatus(message, state) {
    status.textContent = message;
    status.dataset.state = state;
  }

  // The answer a question's inputs give now; null when an ordering is incomplete.
  function answerOf(fieldset) {
    if (fieldset.dataset.type === "ordering") {
      const selects = Array.from(fieldset.querySelectorAll("select[data-option-key]"));
      const places = selects.map((select) => select.value);
      if (places.every((place) => place === "")) {
        return [];
      }
      const numbers = places.map(Number);
      const expected = selects.map((_select, index) => index + 1);
      if (numbers.slice().sort((a, b) => a - b).join() !== expected.join()) {
        return null;
      }
      return selects
        .map((select, index) => ({ key: select.dataset.optionKey, place: numbers[index] }))
        .sort((a, b) => a.place - b.place)
        .map((item) => item.key);
    }
    return Array.from(fieldset.querySelectorAll("input:checked")).map((input) => input.value);
  }

  // One queue per question: the newest answer waits while an older one is on its way.
  const queues = new Map();
  let stopped = false;

  function pendingCount() {
    let count = 0;
    queues.forEach((queue) => {
      if (queue.waiting || queue.sending) {
        count += 1;
      }
    });
    return count;
  }

  function updateStatus() {
    if (stopped) {
      return;
    }
    let retrying = false;
    queues.forEach((queue) => {
      retrying = retrying || queue.failures > 0;
    });
    if (retrying) {
      setStatus(text("Retrying"), "retrying");
    } else if (pendingCount() > 0) {
      setStatus(text("Saving"), "saving");
    } else {
      setStatus(text("Saved"), "saved");
    }
  }

  function send(position) {
    const queue = queues.get(position);
    if (!queue || queue.sending || !queue.waiting || stopped) {
      return;
    }
    const save = queue.waiting;
    queue.waiting = null;
    queue.sending = save;
    fetch(root.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken,
        "X-Requested-With": "XMLHttpRequest",
      },
      body: JSON.stringify(save),
    })
      .then((response) =>
        response
          .json()
          .catch(() => ({}))
          .then((body) => ({ response, body })),
      )
      .then(({ response, body }) => {
        queue.sending = null;
        if (response.ok) {
          queue.failures = 0;
          send(position);
          updateStatus();
          return;
        }
        if (response.status === 400 || response.status === 409) {
          // Refused for good: say why; retrying would not help.
          queue.failures = 0;
          setStatus(text("Refused") + ": " + (body.error || ""), "refused");
          if (response.status === 409) {
            stopped = true;
            if (body.result_url) {
              window.setTimeout(() => window.location.assign(body.result_url), 4000);
            }
          }
          return;
        }
        throw new Error("HTTP " + response.status);
      })
      .catch(() => {
        queue.sending = null;
        // A newer answer waiting replaces this one; otherwise send this one again.
        queue.waiting = queue.waiting || save;
        queue.failures += 1;
        updateStatus();
        const pause = Math.min(30000, 1000 * 2 ** (queue.failures - 1));
        window.setTimeout(() => send(position), pause);
      });
  }

  function queueSave(fieldset) {
    const selected = answerOf(fieldset);
    if (selected === null) {
      setStatus(text("Order"), "incomplete");
      return;
    }
    const position = Number(fieldset.dataset.position);
    if (!queues.has(position)) {
      queues.set(position, { waiting: null, sending: null, failures: 0 });
    }
    const queue = queues.get(position);
    queue.waiting = { question: position, selected, sequence: nextSequence() };
    updateStatus();
    if (queue.failures === 0) {
      send(position);
    }
  }

  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("[data-exam-question]");
    if (fieldset) {
      queueSave(fieldset);
    }
  });

  // ---- Timer ---------------------------------------------------------------------------

  const timer = root.querySelector("[data-exam-timer-text]");
  const announce = root.querySelector("[data-exam-timer-announce]");
  if (!root.dataset.deadline || !timer) {
    return;
  }
  const deadline = Date.parse(root.dataset.deadline);
  const serverNow = () => Date.now() + clockSkew;
  const announced = new Set();
  let startLeft = deadline - serverNow();

  function submitAttempt() {
    const submit = document.createElement("form");
    submit.method = "post";
    submit.action = root.dataset.submitUrl;
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken;
    submit.appendChild(token);
    document.body.appendChild(submit);
    submit.submit();
  }

  function finish() {
    announce.textContent = text("TimeUp");
    // Give saves on their way a moment to arrive (the server accepts them for a short
    // grace period after the deadline), then submit.
    const started = Date.now();
    const wait = () => {
      if (pendingCount() === 0 || Date.now() - started > 5000) {
        submitAttempt();
      } else {
        window.setTimeout(wait, 250);
      }
    };
    wait();
  }

  function tick() {
    const left = deadline - serverNow();
    if (left <= 0) {
      timer.textContent = text("TimeLeft") + " 0:00";
      finish();
      return;
    }
    const seconds = Math.ceil(left / 1000);
    const minutes = Math.floor(seconds / 60);
    timer.textContent =
      text("TimeLeft") + " " + minutes + ":" + String(seconds % 60).padStart(2, "0");
    for (const [threshold, message] of [
      [300000, "FiveMinutes"],
      [60000, "OneMinute"],
    ]) {
      // Announced once, when the time crosses the mark while the page is open.
      if (left <= threshold && startLeft > threshold && !announced.has(threshold)) {
        announced.add(threshold);
        announce.textContent = text(message);
      }
    }
    startLeft = Math.max(startLeft, left);
    window.setTimeout(tick, left % 1000 || 1000);
  }
  tick();
})();
