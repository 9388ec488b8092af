// The regulator's pages: the "en sus" switch and "voir plus". Everything works without it (links and forms);
// no inline script anywhere, the Content-Security-Policy allows only this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const enSus = document.getElementById("en-sus-switch");
  if (enSus) {
    enSus.addEventListener("change", () => { window.location.assign(enSus.dataset.href); });
  }
  for (const button of document.querySelectorAll(".see-more")) {
    button.addEventListener("click", () => {
      button.parentElement.classList.add("expanded");
      button.remove();
    });
  }
  for (const form of document.querySelectorAll("form#orientation, form.status-form")) {
    // Against double submission; after the submit event, so the clicked button's value is still sent.
    form.addEventListener("submit", () => {
      setTimeout(() => { for (const b of form.querySelectorAll("button")) { b.disabled = true; } }, 0);
    });
  }
});
