// A modal confirmation (a <dialog> opened with showModal) before each action that writes.

import { h } from "./dom.js";

/**
 * Asks the reader to confirm an action. The dialog (`dialog#confirm-dialog`) holds the title,
 * the message, any extra fields (read them after it resolves true) and two buttons,
 * `#confirm-cancel` and `#confirm-ok`; Escape cancels. Focus returns where it was.
 *
 * @param {object} options
 * @param {string} options.title
 * @param {string} options.message
 * @param {string} options.confirmLabel The OK button's text, such as "Delete".
 * @param {boolean} [options.danger] Whether the action destroys something (styled as such, and Cancel has the focus).
 * @param {Node[]} [options.fields] Inputs shown between the message and the buttons.
 * @returns {Promise<boolean>} Whether the reader confirmed.
 */
export function confirmAction({ title, message, confirmLabel, danger = false, fields = [] }) {
  const previousFocus = document.activeElement;
  const cancel = h("button", { type: "button", id: "confirm-cancel", autofocus: danger }, "Cancel");
  const ok = h("button", { type: "submit", id: "confirm-ok", class: danger ? "danger" : "primary" }, confirmLabel);
  const form = h(
    "form",
    { class: "dialog-form" },
    h("h2", { id: "confirm-title" }, title),
    h("p", { id: "confirm-message" }, message),
    fields,
    h("div", { class: "dialog-buttons" }, cancel, ok),
  );
  const dialog = h("dialog", { id: "confirm-dialog", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-message" }, form);

  return new Promise((resolve) => {
    let confirmed = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      confirmed = true;
      dialog.close();
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (previousFocus instanceof HTMLElement && previousFocus.isConnected) previousFocus.focus();
      resolve(confirmed);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
