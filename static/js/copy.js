/* Copy buttons: <button data-copy="ID" data-copied="…" data-selected="…" hidden> copies the
   text of the field #ID and says so in the .copy-status live region beside it. Without
   JavaScript the button stays hidden and the field can still be selected and copied. */
(function () {
  "use strict";

  function announce(button, text) {
    var status = button.parentElement.querySelector(".copy-status");
    if (!status) return;
    // Emptied first, so that a second copy is announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectAndCopy(button, field) {
    field.focus();
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    announce(button, copied ? button.dataset.copied : button.dataset.selected);
  }

  function copy(button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    var text = field.value.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(button, button.dataset.copied); },
        function () { selectAndCopy(button, field); }
      );
    } else {
      selectAndCopy(button, field);
    }
  }

  function init() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () { copy(button); });
      button.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
