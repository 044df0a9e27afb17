// Focus for every dialog, whatever component draws it (found by role, as assistive technology finds it):
// - when one opens, focus moves to its first field (or, with no field, its first button other than Close);
// - while it is open, focus that lands on something inside it that no keyboard user could reach (a wrapper with
//   tabindex -1, where a component library may park it) goes straight back to where the user was, so no keystroke
//   is lost;
// - when it closes, focus returns to what had it before it opened, so a keyboard user carries on where they were.
(() => {
  const selector = '[role="dialog"], [role="alertdialog"]';
  const openers = new Map();
  const lastFocused = new WeakMap();

  const dialogsIn = (node) => node instanceof Element
    ? [...(node.matches(selector) ? [node] : []), ...node.querySelectorAll(selector)]
    : [];

  const firstFocusable = (dialog) =>
    dialog.querySelector('input:not([type="hidden"]):not([disabled]):not([readonly]), select:not([disabled]), textarea:not([disabled])')
    ?? [...dialog.querySelectorAll('button:not([disabled])')].find((button) => button.getAttribute('aria-label') !== 'Close')
    ?? null;

  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        for (const dialog of dialogsIn(node)) {
          if (!openers.has(dialog) && !dialog.contains(document.activeElement)) {
            openers.set(dialog, document.activeElement);
          }
          if (!dialog.contains(document.activeElement)) {
            firstFocusable(dialog)?.focus();
          }
        }
      }
      for (const node of mutation.removedNodes) {
        for (const dialog of dialogsIn(node)) {
          const opener = openers.get(dialog);
          openers.delete(dialog);
          if (opener && opener.isConnected && opener !== document.body) {
            setTimeout(() => opener.focus(), 0);
          }
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });

  document.addEventListener('focusin', (event) => {
    const target = event.target;
    const dialog = target instanceof Element ? target.closest(selector) : null;
    if (!dialog) {
      return;
    }
    if (target.tabIndex >= 0) {
      lastFocused.set(dialog, target);
      return;
    }
    const back = lastFocused.get(dialog);
    (back && back.isConnected ? back : firstFocusable(dialog))?.focus();
  }, true);
})();
