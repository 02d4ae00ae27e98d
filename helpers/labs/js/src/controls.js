// @ts-check
// The HTML around a plot: readouts, status lines, buttons, and names for the stock controls.

import { fmt } from "./format.js";

/** @typedef {import("./lifetime.js").Lifetime} Lifetime */

/**
 * A labelled readout, `<span>label <output data-readout=name></output></span>`, in `parent`.
 * Returns its setter: `set(value)` shows `fmt(value)`, `set(value, text)` shows `text`;
 * either way `data-value` holds the value in full, for the tests and for copying.
 * @param {HTMLElement} parent
 * @param {string} name
 * @param {string} label
 * @returns {(value: number | string, text?: string) => void}
 */
export function readout(parent, name, label) {
  const wrap = document.createElement("span");
  wrap.className = "lab-readout";
  const lab = document.createElement("span");
  lab.className = "lab-readout-label";
  lab.textContent = label;
  const out = document.createElement("output");
  out.dataset.readout = name;
  out.setAttribute("aria-label", label);
  wrap.append(lab, " ", out);
  parent.appendChild(wrap);
  return (value, text) => {
    out.dataset.value = String(value);
    out.textContent = text === undefined ? fmt(Number(value)) : text;
  };
}

/**
 * A group of readouts under a bold title (an empty title: none), in `parent`.
 * @param {HTMLElement} parent
 * @param {string} [title]
 */
export function readoutGroup(parent, title = "") {
  const group = document.createElement("div");
  group.className = "lab-readout-group";
  if (title) {
    const strong = document.createElement("strong");
    strong.textContent = title;
    group.append(strong, " ");
  }
  parent.appendChild(group);
  return group;
}

/**
 * A line of text, `<p class=className>`, with `data-readout` when named, announced
 * politely to screen readers when `live` (status lines, not every readout).
 * @param {HTMLElement} parent
 * @param {string} className
 * @param {{ readout?: string | null, live?: boolean }} [options]
 */
export function textLine(parent, className, { readout = null, live = false } = {}) {
  const p = document.createElement("p");
  p.className = className;
  if (live) p.setAttribute("aria-live", "polite");
  if (readout) p.dataset.readout = readout;
  parent.appendChild(p);
  return p;
}

/**
 * A `<div class=className>` in `parent`.
 * @param {HTMLElement} parent
 * @param {string} className
 */
export function box(parent, className) {
  const div = document.createElement("div");
  div.className = className;
  parent.appendChild(div);
  return div;
}

/**
 * A button with a visible text label, in `parent`.
 * @param {HTMLElement} parent
 * @param {string} text
 * @param {() => void} onClick
 * @param {Lifetime} life
 */
export function button(parent, text, onClick, life) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "lab-button";
  b.textContent = text;
  life.listen(b, "click", onClick);
  parent.appendChild(b);
  return b;
}

/**
 * Give the stock ipywidgets controls of this lab what assistive technology needs: each
 * slider handle is named by its description label and reads its value as shown (a log
 * slider would otherwise read out its exponent); toggle buttons become a named group
 * with aria-pressed. Runs wherever the lab runs (the book, JupyterLab). The view is
 * attached to the page after `render` returns, so this waits for the lab's layout (one
 * animation frame at a time, for at most about ten seconds), then follows its changes.
 * @param {HTMLElement} el  the view's element
 * @param {Lifetime} life
 */
export function labelWidgetControls(el, life) {
  let frames = 0;
  const find = () => {
    const layout = el.isConnected ? el.closest(".lab-layout") || el.closest(".widget-vbox") : null;
    if (!layout) {
      if (++frames < 600) life.frame(find);
      return;
    }
    nameControls(layout);
    const observer = new MutationObserver(() => nameControls(layout));
    observer.observe(layout, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["class"],
    });
    life.defer(() => observer.disconnect());
  };
  find();
}

/**
 * Name the slider handles and toggle-button groups under `layout` (see labelWidgetControls).
 * Attributes are written only when they change, so the observer that calls this settles.
 * @param {Element} layout
 */
function nameControls(layout) {
  /** @type {(el: Element, name: string, value: string) => void} */
  const set = (el, name, value) => {
    if (value && el.getAttribute(name) !== value) el.setAttribute(name, value);
  };
  for (const slider of layout.querySelectorAll(".widget-slider")) {
    const label = slider.querySelector(".widget-label");
    const handle = slider.querySelector(".noUi-handle");
    if (!label || !handle) continue;
    set(handle, "aria-label", (label.textContent || "").trim());
    set(handle, "aria-valuetext", (slider.querySelector(".widget-readout")?.textContent || "").trim());
  }
  for (const row of layout.querySelectorAll(".widget-toggle-buttons")) {
    const label = (row.querySelector(".widget-label")?.textContent || "").trim();
    if (label && !row.getAttribute("role")) {
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", label);
    }
    for (const b of row.querySelectorAll("button"))
      set(b, "aria-pressed", String(b.classList.contains("mod-active")));
  }
}
