// @ts-check
// sphinxcontrib-aiterms hover cards. The page carries one hidden card per term
// it uses (div.aiterms-cards) and links point at theirs with data-aiterms-card.
// WCAG 2.1 SC 1.4.13: the card is hoverable, dismissible with Escape and stays
// until the pointer or focus leaves. Touch: the first tap previews, the second
// (or the card's link) navigates. Shown in the top layer (popover) when the
// browser has it, else as a fixed element.
(() => {
  "use strict";
  const box = document.querySelector(".aiterms-cards");
  if (!(box instanceof HTMLElement)) return;
  const openDelay = Number(box.dataset.aitermsOpen) || 0;
  const closeDelay = Number(box.dataset.aitermsClose) || 0;
  const tapNavigates = box.dataset.aitermsTouch === "navigate";
  const popover = typeof box.showPopover === "function";
  const GAP = 8; // px between link and card, and kept free at viewport edges

  /** @type {HTMLElement | null} */ let link = null; // the shown card's link
  /** @type {HTMLElement | null} */ let card = null; // the shown card
  /** @type {HTMLElement | null} */ let pending = null; // hovered, not shown yet
  let openTimer = 0;
  let closeTimer = 0;
  let pointer = ""; // type of the last pointerdown
  let px = 0; // last pointer position, to pick the line of a wrapped link
  let py = 0;

  // Without the Popover API the cards are plain fixed elements.
  if (!popover) for (const c of box.querySelectorAll("[popover]")) c.removeAttribute("popover");

  // The browser tooltip would duplicate the card; the link keeps
  // aria-describedby for assistive technology.
  for (const a of document.querySelectorAll("a[data-aiterms-card][title]")) {
    a.removeAttribute("title");
  }

  /** @param {EventTarget | null} t */
  const linkOf = (t) =>
    /** @type {HTMLElement | null} */ (t instanceof Element ? t.closest("a[data-aiterms-card]") : null);
  /** @param {EventTarget | null} t @param {Element | null} el */
  const within = (t, el) => !!el && t instanceof Node && el.contains(t);
  /** @param {EventTarget | null} t */
  const inside = (t) => within(t, link) || within(t, card);

  /** @param {HTMLElement} a @param {boolean} touch */
  function show(a, touch) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    pending = null;
    const c = document.getElementById(a.dataset.aitermsCard || "");
    if (!c || !box.contains(c)) return;
    if (card && card !== c) hide();
    link = a;
    card = c;
    c.classList.toggle("aiterm-card--touch", touch);
    c.hidden = false;
    if (popover && !c.matches(":popover-open")) c.showPopover();
    place();
  }

  function hide() {
    clearTimeout(closeTimer);
    if (card) {
      if (popover && card.matches(":popover-open")) card.hidePopover();
      card.hidden = true;
    }
    link = card = null;
  }

  // Below the link, or above when only that fits; clamped into the viewport.
  function place() {
    if (!card || !link) return;
    const rects = [...link.getClientRects()];
    const r =
      rects.find((q) => px >= q.left && px <= q.right && py >= q.top && py <= q.bottom) ||
      rects[0] ||
      link.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    let top = r.bottom + GAP;
    const above = top + h > vh - GAP && r.top - GAP - h >= GAP;
    if (above) top = r.top - GAP - h;
    card.dataset.side = above ? "top" : "bottom";
    card.style.left = Math.max(GAP, Math.min(r.left, vw - w - GAP)) + "px";
    card.style.top = Math.max(GAP, Math.min(top, vh - h - GAP)) + "px";
  }

  document.addEventListener("pointerover", (e) => {
    px = e.clientX;
    py = e.clientY;
    if (e.pointerType === "touch") return;
    const a = linkOf(e.target);
    if (a && a !== link && a !== pending) {
      const target = a;
      pending = a;
      clearTimeout(openTimer);
      openTimer = setTimeout(() => show(target, false), openDelay);
    }
    if (inside(e.target)) clearTimeout(closeTimer); // back on the link or card in time
  });

  document.addEventListener("pointerout", (e) => {
    if (e.pointerType === "touch") return;
    if (within(e.target, pending) && !within(e.relatedTarget, pending)) {
      clearTimeout(openTimer); // left before the card opened
      pending = null;
    }
    if (card && inside(e.target) && !inside(e.relatedTarget)) {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(hide, closeDelay);
    }
  });

  // Keyboard focus opens at once; focus from a click or tap is left to
  // the pointer handlers.
  document.addEventListener("focusin", (e) => {
    const a = linkOf(e.target);
    if (!a) return;
    let visible = true;
    try {
      visible = a.matches(":focus-visible");
    } catch {} // browsers without :focus-visible
    if (visible) show(a, false);
  });

  document.addEventListener("focusout", (e) => {
    if (card && e.target === link && !inside(e.relatedTarget)) hide();
  });

  document.addEventListener("keydown", (e) => {
    pointer = ""; // Enter after a tap must still follow the link
    if (e.key !== "Escape") return;
    clearTimeout(openTimer);
    pending = null;
    if (card) hide();
  });

  document.addEventListener(
    "pointerdown",
    (e) => {
      pointer = e.pointerType;
      px = e.clientX;
      py = e.clientY;
      if (card && !inside(e.target)) hide(); // a tap (or click) elsewhere
    },
    true,
  );

  // Touch preview: the first tap on a link shows its card, a second one follows it.
  document.addEventListener("click", (e) => {
    const a = linkOf(e.target);
    if (!a || pointer !== "touch" || tapNavigates || (a === link && card)) return;
    e.preventDefault();
    show(a, true);
  });

  addEventListener("resize", place, { passive: true });
  addEventListener("scroll", place, { capture: true, passive: true });
})();
