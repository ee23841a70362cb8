// The projector view: arrow keys, Page Up/Down, Home and End move between the
// contests' screens by following the page's own links, so the view works the
// same without this script (the links are ordinary buttons).
const keys = {
  ArrowRight: "next",
  PageDown: "next",
  ArrowLeft: "prev",
  PageUp: "prev",
  Home: "first",
  End: "last",
};

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  const target = event.target;
  if (target instanceof HTMLElement && target.closest("input, select, textarea")) {
    return;
  }
  const name = keys[event.key];
  const link = name && document.querySelector(`a[data-key="${name}"]`);
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});

// Screen readers announce the new contest: the heading takes the focus.
document.getElementById("projector-heading")?.focus();
