// sphinxcontrib-aiterms glossary pages (html/assets.py says more).
(() => {
  const html = document.documentElement;
  const make = (tag, props) => Object.assign(document.createElement(tag), props);
  const fold = (s) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[-_/]/g, " ");
  const texts = (el, sel) => [...el.querySelectorAll(sel)].map((e) => e.textContent.trim());
  const byId = (hash) => document.getElementById(decodeURIComponent(hash.slice(1)));

  for (const box of document.querySelectorAll(".aiterms-glossary .aiterms-filter")) {
    const root = box.closest(".aiterms-glossary");
    const d = box.dataset;
    const entries = [...root.querySelectorAll("dl.aiterms-entries > dt")].map((dt) => {
      const dd = dt.nextElementSibling;
      const cats = texts(dd, ".aiterms-badge");
      return { dt, dd, cats, key: fold([dt.textContent, ...texts(dd, ".aiterms-alias"), ...cats].join(" ")) };
    });
    const cats = [...new Set(entries.flatMap((e) => e.cats))].sort();
    const input = make("input", { type: "search", placeholder: d.label, ariaLabel: d.label });
    const select = make("select", { ariaLabel: d.category });
    for (const c of ["", ...cats]) select.append(make("option", { value: c, textContent: c || d.all }));
    const status = make("span", { className: "aiterms-filter-status", role: "status" });
    box.append(input, ...(cats[1] ? [select] : []), status);

    const apply = () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      const cat = select.value;
      let hidden = 0;
      for (const e of entries) {
        hidden += e.dt.hidden = e.dd.hidden = !(
          (!cat || e.cats.includes(cat)) && words.every((w) => e.key.includes(w))
        );
      }
      for (const g of root.querySelectorAll(".aiterms-group")) g.hidden = !g.querySelector("dt:not([hidden])");
      for (const a of root.querySelectorAll(".aiterms-nav a")) {
        const off = !!byId(a.hash)?.hidden;
        a.classList.toggle("aiterms-jump-off", off);
        a.tabIndex = off ? -1 : 0;
      }
      const shown = entries.length - hidden;
      status.textContent = !(words[0] || cat) ? "" : !shown ? d.none
        : d.count.replace("{shown}", shown).replace("{total}", entries.length);
    };
    input.oninput = select.onchange = apply;
    input.onkeydown = (e) => {
      if (e.key === "Escape" && input.value) {
        e.preventDefault();
        input.value = "";
        apply();
      }
    };
  }

  // The bottom of the fixed/sticky boxes over the viewport's top at el.
  const cover = (el, skip) => {
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 1), innerWidth - 1);
    for (let bottom = 0, next = 0; ; bottom = next) {
      for (let hit of document.elementsFromPoint(x, bottom + 1)) {
        while (hit && !/fixed|sticky/.test(getComputedStyle(hit).position)) hit = hit.parentElement;
        if (hit && !skip(hit)) next = Math.max(next, hit.getBoundingClientRect().bottom);
      }
      if (next <= bottom || next > innerHeight / 2) return bottom;
    }
  };
  const GAP = 8;
  let at, stuck; // scroll-padding (where targets land), --aiterms-top: set on change
  const offset = (px) => px === at || (html.style.scrollPaddingTop = (at = px) + "px");
  const measure = () => {
    const root = document.querySelector(".aiterms-glossary");
    const bar = root?.querySelector(".aiterms-jumpbar");
    if (!root) return;
    const top = cover(root, (el) => el.closest(".aiterms-glossary") || el.contains(root));
    if (top !== stuck) html.style.setProperty("--aiterms-top", (stuck = top) + "px");
    let sticks = bar && getComputedStyle(bar).position === "sticky";
    for (let el = bar; sticks && (el = el.parentElement) !== document.body; ) {
      sticks = !/auto|scroll|hidden/.test(getComputedStyle(el).overflow);
    }
    offset(top + (sticks ? bar.offsetHeight : 0) + GAP);
  };
  // When the scroll settles: the target right below the bars.
  const land = () => {
    const target = byId(location.hash);
    let last, still = 0;
    const check = () => {
      still = scrollY === last ? still + 1 : 0;
      last = scrollY;
      if (still < 3) return requestAnimationFrame(check);
      const off = target.getBoundingClientRect().top - GAP - cover(target, (el) => el.contains(target));
      if (off < -1) {
        scrollBy({ top: off, behavior: "instant" });
        offset(at - off);
      }
    };
    if (target) check();
  };
  measure();
  // (A theme's bar may stick only once scrolled.)
  for (const type of ["resize", "scroll"]) addEventListener(type, measure, { passive: true });
  addEventListener("hashchange", land);
  if (document.readyState === "complete") land();
  else addEventListener("load", land);
})();
