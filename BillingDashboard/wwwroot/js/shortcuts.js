// One document-level listener for the dashboard's single-key shortcuts.
// Keys typed into a field, or while a dialog is open, belong to that field or dialog and are ignored.
const shortcutKeys = new Set(['?', 'n', '/']);

function isTyping(target) {
  if (!target || !(target instanceof Element)) {
    return false;
  }
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable="true"], [role="combobox"], [role="listbox"]') !== null;
}

// Dialogs are found by their role, as assistive technology finds them, whatever component draws them.
function isDialogOpen() {
  return document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;
}

export function listen(dotNetShortcuts) {
  const onKeyDown = (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (!shortcutKeys.has(key) || isTyping(event.target) || isDialogOpen()) {
      return;
    }
    event.preventDefault();
    dotNetShortcuts.invokeMethodAsync('OnShortcut', key);
  };
  document.addEventListener('keydown', onKeyDown);
  // Marks the page as connected to its circuit: browser tests wait for this before they type.
  document.documentElement.dataset.interactive = 'true';
  return { stop: () => document.removeEventListener('keydown', onKeyDown) };
}
