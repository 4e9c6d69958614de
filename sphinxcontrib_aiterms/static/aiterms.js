// sphinxcontrib-aiterms hover cards (html/assets.py says more).
(() => {
  const box = document.querySelector(".aiterms-cards");
  if (!box) return;
  const d = box.dataset;
  const openDelay = +d.aitermsOpen || 0;
  const closeDelay = +d.aitermsClose || 0;
  const popover = !!box.showPopover;
  const GAP = 8;

  let link = null; // the shown card's link
  let card = null;
  let focused = false; // opened by keyboard focus
  let pending = null; // hovered, not shown yet
  let openTimer, closeTimer;
  let pointer = ""; // last pointerdown's type
  let px = 0, py = 0; // last pointer position
  let mx, my; // last pointermove position

  if (!popover) for (const c of box.querySelectorAll("[popover]")) c.removeAttribute("popover");
  for (const a of document.querySelectorAll("a[data-aiterms-card][title]")) a.removeAttribute("title");

  const linkOf = (t) => (t instanceof Element ? t.closest("a[data-aiterms-card]") : null);
  const within = (t, el) => !!el && t instanceof Node && el.contains(t);
  const inside = (t) => within(t, link) || within(t, card);

  function show(a, touch, focus) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    pending = null;
    const c = document.getElementById(a.dataset.aitermsCard);
    if (!c || !box.contains(c)) return;
    if (card && card !== c) hide();
    link = a;
    card = c;
    focused = !!focus;
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

  // Below the link, or above when only that fits.
  function place() {
    if (!card) return;
    const rects = [...link.getClientRects()];
    const r = rects.find((q) => px >= q.left && px <= q.right && py >= q.top && py <= q.bottom) || rects[0];
    if (!r) return;
    const { clientWidth: vw, clientHeight: vh } = document.documentElement;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    let top = r.bottom + GAP;
    const above = top + h > vh - GAP && r.top - GAP - h >= GAP;
    if (above) top = r.top - GAP - h;
    card.dataset.side = above ? "top" : "bottom";
    card.style.left = Math.max(GAP, Math.min(r.left, vw - w - GAP)) + "px";
    card.style.top = Math.max(GAP, Math.min(top, vh - h - GAP)) + "px";
  }

  // Scrolling under a still pointer sends pointerover/out without pointermove:
  // those open no card, and none closes a card its link's focus holds.
  const on = (type, fn, capture) => document.addEventListener(type, fn, capture);
  on("pointermove", (e) => {
    mx = e.clientX;
    my = e.clientY;
  });

  on("pointerover", (e) => {
    px = e.clientX;
    py = e.clientY;
    if (e.pointerType === "touch") return;
    const a = linkOf(e.target);
    if (a && a !== link && a !== pending && (px !== mx || py !== my)) {
      pending = a;
      clearTimeout(openTimer);
      openTimer = setTimeout(() => show(a, false), openDelay);
    }
    if (inside(e.target)) clearTimeout(closeTimer);
  });

  on("pointerout", (e) => {
    if (e.pointerType === "touch") return;
    if (within(e.target, pending) && !within(e.relatedTarget, pending)) {
      clearTimeout(openTimer);
      pending = null;
    }
    const held = focused && document.activeElement === link;
    if (card && !held && inside(e.target) && !inside(e.relatedTarget)) {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(hide, closeDelay);
    }
  });

  // Keyboard focus opens at once (a click's or tap's is the pointer's).
  on("focusin", (e) => {
    const a = linkOf(e.target);
    if (a?.matches(":focus-visible")) show(a, false, true);
  });

  on("focusout", (e) => {
    if (card && e.target === link && !inside(e.relatedTarget)) hide();
  });

  on("keydown", (e) => {
    pointer = ""; // Enter after a tap must still follow the link
    if (e.key !== "Escape") return;
    clearTimeout(openTimer);
    pending = null;
    hide();
  });

  on(
    "pointerdown",
    (e) => {
      pointer = e.pointerType;
      px = e.clientX;
      py = e.clientY;
      if (card && !inside(e.target)) hide(); // a tap elsewhere
    },
    true,
  );

  // Touch: a first tap shows the card, a second follows the link.
  on("click", (e) => {
    const a = linkOf(e.target);
    if (!a || pointer !== "touch" || d.aitermsTouch === "navigate" || (a === link && card)) return;
    e.preventDefault();
    show(a, true);
  });

  addEventListener("resize", place);
  addEventListener("scroll", place, { capture: true, passive: true });
})();
