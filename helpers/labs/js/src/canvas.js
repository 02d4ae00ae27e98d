// @ts-check
// A lab's drawing surface: an SVG plot, and over it the marks a reader drags.

import { svg } from "./svg.js";

/** @typedef {import("./lifetime.js").Lifetime} Lifetime */

/**
 * How a mark moves.
 * @typedef MarkBehaviour
 * @property {(x: number, y: number) => [number, number]} toData
 *   the plot's coordinates (SVG pixels) to data coordinates, clamped to the view
 * @property {(x: number, y: number, final: boolean) => void} move
 *   the mark's new data position; `final` at the end of a drag and after each key press
 * @property {(big: boolean) => [number, number]} keyStep
 *   the data step [dx, dy] of one arrow key (`big` with Shift)
 * @property {() => void} [remove]  Delete or Backspace on the focused mark
 */

/** Below this width (CSS pixels) a lab draws its narrow layout, whose text stays legible on a phone. */
export const NARROW_BELOW = 520;

/**
 * An SVG plot scaled to the width of the page, and over it a layer of HTML marks: the
 * points and handles a reader drags with a mouse, a finger or a pen, or moves with the
 * arrow keys once focused.
 *
 * The marks are HTML rather than SVG for touch. Chromium honours `touch-action: none` on
 * HTML elements and on the `<svg>` element, not on the shapes inside it: a finger
 * dragging an SVG point scrolls the page, and the browser cancels the drag. Each mark is
 * a box of 28 CSS pixels whatever the plot's scale (WCAG 2.2 asks at least 24), around a
 * smaller dot; the rest of the plot still scrolls the page under a finger.
 */
export class Canvas {
  /** @type {WeakMap<Element, MarkBehaviour>} */
  #behaviour = new WeakMap();
  /** @type {{ mark: HTMLElement, pointer: number, start: [number, number] } | null} */
  #drag = null;
  width = 1;
  height = 1;

  /**
   * @param {HTMLElement} parent
   * @param {Lifetime} life
   * @param {{ label: string, description: string }} text  the plot's accessible name and description
   */
  constructor(parent, life, { label, description }) {
    this.box = document.createElement("div");
    this.box.className = "lab-canvas";
    this.plot = svg("svg", { class: "lab-svg", role: "group", "aria-label": label });
    this.plot.appendChild(svg("desc", {}, description));
    this.defs = this.plot.appendChild(svg("defs"));
    this.marks = document.createElement("div");
    this.marks.className = "lab-marks";
    this.box.append(this.plot, this.marks);
    parent.appendChild(this.box);
    this.#listen(life);
  }

  /**
   * Give the plot a coordinate system of `width` by `height` SVG pixels (its viewBox).
   * @param {number} width
   * @param {number} height
   */
  size(width, height) {
    this.width = width;
    this.height = height;
    this.plot.setAttribute("viewBox", `0 0 ${width} ${height}`);
  }

  /**
   * A layer of the plot, `<g>` with `attrs`, drawn over those made before it.
   * @param {import("./svg.js").Attributes} [attrs]
   */
  group(attrs = {}) {
    return this.plot.appendChild(svg("g", attrs));
  }

  /**
   * A clip path of the plot: the rectangle it clips to, which the caller sizes, and the
   * `clip-path` attribute value that applies it.
   */
  clipRect() {
    const id = `lab-clip-${++clipPaths}-${Math.random().toString(36).slice(2, 10)}`;
    const rect = svg("rect");
    this.defs.appendChild(svg("clipPath", { id })).appendChild(rect);
    return { rect, url: `url(#${id})` };
  }

  /**
   * A group of marks, in drawing and tab order after those made before it.
   * @param {string} className
   */
  layer(className) {
    const div = document.createElement("div");
    div.className = `lab-mark-layer ${className}`;
    this.marks.appendChild(div);
    return div;
  }

  /**
   * A new mark in `layer`, moved as `behaviour` says.
   * @param {HTMLElement} layer  the canvas's marks or one of its layers
   * @param {string} className  `lab-point` or `lab-handle`, and any other
   * @param {MarkBehaviour} behaviour
   */
  mark(layer, className, behaviour) {
    const el = document.createElement("div");
    el.className = `lab-mark ${className}`;
    el.tabIndex = 0;
    el.setAttribute("role", "button");
    this.#behaviour.set(el, behaviour);
    layer.appendChild(el);
    return el;
  }

  /**
   * Put `mark` at the plot's point (x, y), in SVG pixels: as percentages of the canvas,
   * so it stays in place whatever the plot's scale.
   * @param {HTMLElement} mark
   * @param {number} x
   * @param {number} y
   */
  place(mark, x, y) {
    mark.style.left = `${(100 * x) / this.width}%`;
    mark.style.top = `${(100 * y) / this.height}%`;
  }

  /**
   * The plot's coordinates (SVG pixels) of a pointer event, or null when the plot is not laid out.
   * @param {{ clientX: number, clientY: number }} event
   * @returns {[number, number] | null}
   */
  pointOf(event) {
    const ctm = this.plot.getScreenCTM();
    if (!ctm) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    return [p.x, p.y];
  }

  /**
   * Pointer and key handling for every mark, delegated to the marks layer so that marks
   * can be made and removed freely. The pointer is captured on press, so a drag follows
   * it outside the mark. A cancelled drag (`pointercancel`: the browser took the gesture
   * over; or the capture was lost) puts the mark back where the drag began: a cancel
   * event carries no position (Chromium reports (0, 0)) and is never read as one.
   * @param {Lifetime} life
   */
  #listen(life) {
    const layer = this.marks;
    /** The mark a pointer event belongs to, if it is the one being dragged. */
    const dragged = (/** @type {PointerEvent} */ event) =>
      this.#drag && event.pointerId === this.#drag.pointer ? this.#drag : null;
    const end = () => {
      this.#drag?.mark.classList.remove("lab-dragging");
      this.#drag = null;
    };
    /** Move the dragged mark to the pointer; `final` ends the drag. */
    const follow = (/** @type {PointerEvent} */ event, /** @type {boolean} */ final) => {
      const drag = dragged(event);
      const behaviour = drag && this.#behaviour.get(drag.mark);
      if (!behaviour) return;
      const p = this.pointOf(event);
      if (final) end();
      if (p) behaviour.move(...behaviour.toData(...p), final);
      else if (final) behaviour.move(...drag.start, true); // the plot is gone: no position to read
    };
    /** @param {PointerEvent} event */
    const cancel = (event) => {
      const drag = dragged(event);
      const behaviour = drag && this.#behaviour.get(drag.mark);
      if (!behaviour) return;
      end();
      behaviour.move(...drag.start, true);
    };

    life.listen(layer, "pointerdown", (/** @type {PointerEvent} */ event) => {
      if (this.#drag && !this.#drag.mark.isConnected) end(); // its mark was rebuilt mid-drag
      const mark = markOf(event);
      if (!mark || !this.#behaviour.has(mark) || this.#drag || !event.isPrimary || event.button !== 0) return;
      this.#drag = {
        mark,
        pointer: event.pointerId,
        start: [Number(mark.dataset.x), Number(mark.dataset.y)],
      };
      mark.setPointerCapture(event.pointerId);
      mark.classList.add("lab-dragging");
      mark.focus({ preventScroll: true });
      event.preventDefault(); // no text selection, no emulated mouse events
    });
    life.listen(layer, "pointermove", (/** @type {PointerEvent} */ event) => follow(event, false));
    life.listen(layer, "pointerup", (/** @type {PointerEvent} */ event) => follow(event, true));
    life.listen(layer, "pointercancel", cancel);
    life.listen(layer, "lostpointercapture", cancel); // after a pointerup the drag is already over
    life.listen(layer, "keydown", (/** @type {KeyboardEvent} */ event) => {
      const mark = markOf(event);
      const behaviour = mark && this.#behaviour.get(mark);
      if (!mark || !behaviour) return;
      const [dx, dy] = behaviour.keyStep(event.shiftKey);
      const delta = ARROWS[event.key];
      if (delta) {
        behaviour.move(Number(mark.dataset.x) + delta[0] * dx, Number(mark.dataset.y) + delta[1] * dy, true);
        event.preventDefault();
      } else if (behaviour.remove && (event.key === "Delete" || event.key === "Backspace")) {
        behaviour.remove();
        event.preventDefault();
      }
    });
  }
}

let clipPaths = 0; // clip paths made in this page, for unique ids

/** @type {Record<string, [number, number]>} The direction of each arrow key, in data units (y up). */
const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/**
 * The mark an event happened on, if any.
 * @param {Event} event
 * @returns {HTMLElement | null}
 */
function markOf(event) {
  const target = event.target;
  return target instanceof Element ? target.closest(".lab-mark") : null;
}

/**
 * Call `onChange(layouts.narrow)` when the width of `el` falls below NARROW_BELOW (the
 * first time it is measured, too) and `onChange(layouts.wide)` when it rises again. A
 * lab draws its wide layout until then: a view is attached to the page, and measured,
 * only after `render` returns.
 * @template T
 * @param {Element} el
 * @param {Lifetime} life
 * @param {{ wide: T, narrow: T }} layouts
 * @param {(layout: T) => void} onChange
 */
export function watchWidth(el, life, layouts, onChange) {
  let narrow = false;
  const observer = new ResizeObserver((entries) => {
    const width = entries[entries.length - 1].contentRect.width;
    if (width === 0 || width < NARROW_BELOW === narrow) return; // not laid out, or no change
    narrow = !narrow;
    onChange(narrow ? layouts.narrow : layouts.wide);
  });
  observer.observe(el);
  life.defer(() => observer.disconnect());
}
