// "Read it to me": reads the words on a survey page aloud with the browser's own speech
// synthesis. The button stays hidden where the browser cannot speak.
(function () {
  "use strict";

  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }

  function wordsToRead(button) {
    var scope = button.closest("main") || document.body;
    var parts = [];
    scope.querySelectorAll("[data-read]").forEach(function (element) {
      var words = element.textContent.replace(/\s+/g, " ").trim();
      if (words) {
        parts.push(words.replace(/[.?!]$/, "") + (/[?]$/.test(words) ? "?" : "."));
      }
    });
    return parts.join(" ");
  }

  document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
    var label = button.querySelector(".qaf-read-aloud__text");

    function reading(on) {
      label.textContent = on ? "Stop reading" : "Read it to me";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }

    button.hidden = false;
    reading(false);
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        reading(false);
        return;
      }
      var utterance = new window.SpeechSynthesisUtterance(wordsToRead(button));
      utterance.lang = "en-GB";
      utterance.rate = 0.9;
      utterance.onend = function () {
        reading(false);
      };
      utterance.onerror = utterance.onend;
      reading(true);
      window.speechSynthesis.speak(utterance);
    });
  });

  // Stop talking when the child moves on to the next page.
  window.addEventListener("pagehide", function () {
    window.speechSynthesis.cancel();
  });
})();
