// Scenario player: after each reply the server sends a new page. Focus moves to what changed
// (the feedback on the reply, the first step, the result or an error), so a screen reader
// reads it first and the next Tab reaches the replies. Without JavaScript the headings lead.
// Loaded with "defer", so the page is parsed when this runs.
document.querySelector("[data-scenario-focus]")?.focus();
