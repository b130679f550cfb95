// factcheck: make a claim from any span of an article's text, and open a claim by clicking its highlight.
// The page works without this file (sentence links and the quote form). The server receives code-point
// offsets into Article.text (start, end), computed from the data-start of each sentence element.
(function () {
  "use strict";

  var SENTENCE = ".sentence[data-start]";
  var NOT_TEXT = ".claim-ref"; // claim numbers drawn inside the text are not part of it

  // Code points, as the server counts them (JS strings count UTF-16 code units).
  function codePoints(str) {
    return Array.from(str).length;
  }

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(NOT_TEXT) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function sentenceOf(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(SENTENCE) : null;
  }

  // The offset in Article.text of a DOM boundary point (node, offset); isEnd picks the side of gaps.
  function offsetOf(container, node, offset, isEnd) {
    var sentence = sentenceOf(node);
    var point = document.createRange();
    point.setStart(node, offset);
    if (sentence && container.contains(sentence)) {
      var count = 0;
      var nodes = textNodes(sentence);
      for (var i = 0; i < nodes.length; i++) {
        var text = nodes[i];
        if (text === node) { count += codePoints(text.data.slice(0, offset)); break; }
        if (point.comparePoint(text, 0) >= 0) break; // this text node starts at or after the point
        count += codePoints(text.data);
      }
      return Math.min(Number(sentence.dataset.start) + count, Number(sentence.dataset.end));
    }
    // Between sentences (or outside the text): snap to the nearest sentence edge inward.
    var sentences = container.querySelectorAll(SENTENCE);
    if (!isEnd) {
      for (var j = 0; j < sentences.length; j++) {
        if (point.comparePoint(sentences[j], 0) >= 0) return Number(sentences[j].dataset.start);
      }
      return null;
    }
    for (var k = sentences.length - 1; k >= 0; k--) {
      if (point.comparePoint(sentences[k], sentences[k].childNodes.length) <= 0) return Number(sentences[k].dataset.end);
    }
    return null;
  }

  // The article's characters around a span, to trim white space off the selection's edges.
  function charAt(container, position) {
    var sentences = container.querySelectorAll(SENTENCE);
    for (var i = 0; i < sentences.length; i++) {
      var start = Number(sentences[i].dataset.start), end = Number(sentences[i].dataset.end);
      if (position >= start && position < end) {
        var chars = Array.from(textNodes(sentences[i]).map(function (t) { return t.data; }).join(""));
        return chars[position - start];
      }
    }
    return " "; // between sentences: white space
  }

  function selectedSpan(container) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(container)) return null;
    var start = offsetOf(container, range.startContainer, range.startOffset, false);
    var end = offsetOf(container, range.endContainer, range.endOffset, true);
    if (start === null || end === null) return null;
    while (start < end && /\s/.test(charAt(container, start))) start++;
    while (end > start && /\s/.test(charAt(container, end - 1))) end--;
    if (end <= start) return null;
    var last = sentenceOf(range.endContainer) || container.querySelectorAll(SENTENCE)[0];
    return { start: start, end: end, rect: range.getBoundingClientRect(), sentence: last };
  }

  function init() {
    var container = document.getElementById("article-text");
    var panel = document.getElementById("selection-panel");
    var button = document.getElementById("selection-claim");
    var count = document.getElementById("selection-count");
    if (!container || !panel || !button) return;
    var current = null;

    function hide() {
      panel.hidden = true;
      current = null;
    }

    function show(span) {
      current = span;
      count.textContent = (span.end - span.start) + " characters";
      panel.hidden = false;
      var host = panel.offsetParent || document.body;
      var hostBox = host.getBoundingClientRect();
      // Above the selection, so that it hides no words still to read; below it near the top of the screen.
      var top = span.rect.top - hostBox.top - panel.offsetHeight - 6;
      if (span.rect.top - panel.offsetHeight - 6 < 0) top = span.rect.bottom - hostBox.top + 6;
      var left = span.rect.left - hostBox.left;
      left = Math.max(0, Math.min(left, host.clientWidth - panel.offsetWidth));
      panel.style.top = top + "px"; // CSSOM, allowed by the CSP (unlike style attributes)
      panel.style.left = left + "px";
    }

    var pending = null;
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        var span = selectedSpan(container);
        if (span) show(span); else hide();
      }, 120);
    });

    // Keep the selection when the panel is pressed.
    panel.addEventListener("mousedown", function (event) { event.preventDefault(); });

    button.addEventListener("click", function () {
      var span = current || selectedSpan(container);
      if (!span) return;
      var url = container.dataset.newClaimUrl + "?start=" + span.start + "&end=" + span.end;
      var slot = document.getElementById("composer-" + span.sentence.id.replace("sentence-", ""));
      hide();
      window.getSelection().removeAllRanges();
      if (window.htmx && slot) {
        window.htmx.ajax("GET", url, { target: slot, swap: "innerHTML" });
      } else {
        window.location.href = url;
      }
    });

    // Capture phase, before htmx sees the click on the sentence link.
    container.addEventListener("click", function (event) {
      var selection = window.getSelection();
      if (selection && !selection.isCollapsed && container.contains(selection.anchorNode)) {
        event.preventDefault(); // the click ended a selection: do not open the sentence's form
        event.stopPropagation();
        return;
      }
      var mark = event.target.closest("mark[data-claim-url]");
      if (mark) {
        event.preventDefault();
        event.stopPropagation();
        window.location.href = mark.dataset.claimUrl;
      }
    }, true);

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) hide();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
