// Behaviour every page shares, in a static file: the content-security policy runs no inline script or handler.
// A <select data-autosubmit> (the language switch) submits its form when changed.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
