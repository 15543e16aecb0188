// Buttons marked data-print-page open the browser's print dialog (no inline handlers).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
