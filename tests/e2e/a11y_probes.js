// Page-side checks for tests/e2e/test_accessibility.py, injected beside axe-core. They measure
// what axe does not: reflow at 200 % zoom, visible keyboard focus, and the contrast of the
// nodes axe leaves "incomplete" (it cannot always find the background).
window.__a11y = (() => {
  const describe = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : "") +
    (typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).join(".")}` : "");

  const shown = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
  };

  const hides = (overflow) => overflow === "hidden" || overflow === "clip";
  const scrolls = (overflow) => overflow === "auto" || overflow === "scroll";
  const CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']";

  /**
   * WCAG 1.4.10 at the current viewport: the page's width, text cut off by overflow:hidden or
   * an ellipsis, and controls that stick out sideways. A control inside a box that scrolls
   * sideways itself (a wide data table) is reachable by scrolling that box, which must then be
   * inside the viewport.
   */
  function layout() {
    const vw = window.innerWidth;
    const clipped = [];
    const outside = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (!shown(el) || el.closest(".visually-hidden, svg, [aria-hidden='true']")) continue;
      const s = getComputedStyle(el);
      const text = (el.innerText || "").trim();
      if (text && !el.matches("input, select, textarea, video, canvas")) {
        const cutX = (hides(s.overflowX) || s.textOverflow === "ellipsis") && el.scrollWidth > el.clientWidth + 1;
        const cutY = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
        if (cutX || cutY) clipped.push(`${describe(el)}: "${text.slice(0, 60)}"`);
      }
      if (el.matches(CONTROLS)) {
        let box = el;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (scrolls(getComputedStyle(p).overflowX)) {
            box = p;
            break;
          }
        }
        const r = box.getBoundingClientRect();
        if (r.left < -1 || r.right > vw + 1) outside.push(`${describe(el)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, clipped, outside };
  }

  /** Whether `el` is what a pointer at its centre would hit (not covered by another box). */
  function onTop(el) {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit) return false;
    if (el === hit || el.contains(hit)) return true;
    return Boolean(el.labels && [...el.labels].some((l) => l.contains(hit)));
  }

  /** The focused element and how its focus shows: an outline of 2 px or more, or a box-shadow. */
  function focus() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    const name = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().slice(0, 50);
    return {
      what: `${describe(el)} ${JSON.stringify(name)}`,
      indicator: ring ? `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : s.boxShadow !== "none" ? s.boxShadow : null,
      focusVisible: el.matches(":focus-visible"),
      onScreen: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
    };
  }

  const parse = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };

  /**
   * WCAG contrast of each selector's text against the background colours stacked under it
   * (background images are reported, not judged).
   */
  function contrast(selectors) {
    const out = [];
    for (const sel of selectors) {
      const el = document.querySelector(sel);
      if (!el || !shown(el)) continue;
      const layers = [];
      let image = false;
      for (let n = el; n; n = n.parentElement) {
        const s = getComputedStyle(n);
        layers.push(parse(s.backgroundColor));
        if (s.backgroundImage !== "none") image = true;
      }
      let bg = { r: 255, g: 255, b: 255, a: 1 };
      for (const layer of layers.reverse()) if (layer && layer.a > 0) bg = over(layer, bg);
      const s = getComputedStyle(el);
      const fg = over(parse(s.color), bg);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (Number(s.fontWeight) >= 700 && size >= 18.66);
      out.push({ sel, ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100, need: large ? 3 : 4.5, image });
    }
    return out;
  }

  /** axe-core's violations, and the nodes whose colour contrast it could not decide. */
  async function axe() {
    const r = await window.axe.run(document, { resultTypes: ["violations", "incomplete"] });
    const nodes = (v) => v.nodes.map((n) => ({ target: n.target.join(" "), why: n.failureSummary }));
    return {
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: nodes(v) })),
      unsure: r.incomplete
        .filter((v) => v.id === "color-contrast")
        .flatMap((v) => v.nodes.map((n) => n.target[0])),
    };
  }

  return { axe, layout, onTop, focus, contrast };
})();
