// A pupil who scanned the QR code on their voting slip arrives with the code
// filled in: open the ballot at once instead of waiting for a tap. The page never
// accepts a code on a GET, so without this script the pupil simply presses the
// button.
const form = document.querySelector("form[data-autosubmit]");
const field = form?.querySelector("input[name=code]");

if (form && field && field.value.trim()) {
  // Keep the code out of the address bar and the browser's history.
  history.replaceState(null, "", form.getAttribute("action"));
  const status = document.getElementById("vote-status");
  if (status) {
    status.textContent = form.dataset.autosubmit;
  }
  if (typeof form.requestSubmit === "function") {
    form.requestSubmit();
  } else {
    form.submit();
  }
}
