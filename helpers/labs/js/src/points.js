// @ts-check
// Points a reader edits on a plot, shared by labs 1 and 3.

import { fmt } from "./format.js";
import { clamp } from "./numerics.js";
import { dataAt, keyStep } from "./svg.js";

/** @typedef {import("./canvas.js").Canvas} Canvas */
/** @typedef {import("./lifetime.js").Lifetime} Lifetime */
/** @typedef {import("./svg.js").Scale} Scale */
/** @typedef {import("@anywidget/types").AnyModel<{ points: number[][] }>} PointsModel */

/**
 * @typedef PointEditorOptions
 * @property {PointsModel} model  a model whose `points` trait is [[x, y], ...]
 * @property {Canvas} canvas
 * @property {Lifetime} life
 * @property {HTMLElement} layer  the canvas layer the points' marks go in
 * @property {() => { sx: Scale, sy: Scale }} view  the current scales; points stay inside their domains
 * @property {string} noun  what a point is called in its accessible name ("point", "training point")
 * @property {() => void} changed  redraw what depends on the points; runs on every drag event
 * @property {number} [fewest=0]  Delete leaves at least this many points
 * @property {() => void} [refused]  told when a Delete would leave fewer
 */

/**
 * Draggable points: each is a mark the reader drags or moves with the arrow keys (Shift
 * for larger steps); Delete removes the focused one and a double-click on the plot adds
 * one. The editor works on its own copy of the points while a drag lasts and tells the
 * model at the end, so that a kernel hears of one change per drag, not one per event.
 */
export class PointEditor {
  /** @type {PointEditorOptions} */
  #o;
  /** @type {HTMLElement[]} */
  #marks = [];

  /** @param {PointEditorOptions} options */
  constructor(options) {
    this.#o = options;
    const { model, canvas, life } = options;
    /** The points as shown, [[x, y], ...]. */
    this.points = copy(model.get("points"));
    life.listen(canvas.plot, "dblclick", (/** @type {MouseEvent} */ event) => this.#add(event));
    // Our own commits come back as change events. Rebuilding the marks then would take
    // the keyboard focus from the point being moved: they are rebuilt only when their
    // number changes.
    life.on(model, "change:points", () => {
      const next = model.get("points");
      const rebuild = next.length !== this.points.length;
      this.points = copy(next);
      if (rebuild) this.build();
      options.changed();
    });
    this.build();
  }

  /** The x and the y of every point, as two arrays. */
  columns() {
    return { xs: this.points.map((p) => p[0]), ys: this.points.map((p) => p[1]) };
  }

  /** One mark per point; call `changed` (or `place`) after it to position them. */
  build() {
    const { canvas, layer, view } = this.#o;
    layer.replaceChildren();
    this.#marks = this.points.map((_, i) =>
      canvas.mark(layer, "lab-point", {
        toData: (px, py) => dataAt(view().sx, view().sy, px, py),
        keyStep: (big) => keyStep(view().sx, view().sy, big),
        move: (x, y, final) => this.#move(i, x, y, final),
        remove: () => this.#remove(i),
      }),
    );
  }

  /** Put every mark at its point, with its data and its accessible name. */
  place() {
    const { canvas, view, noun } = this.#o;
    const { sx, sy } = view();
    const n = this.points.length;
    this.#marks.forEach((mark, i) => {
      const [x, y] = this.points[i];
      canvas.place(mark, sx(x), sy(y));
      mark.dataset.x = String(x);
      mark.dataset.y = String(y);
      mark.setAttribute("aria-label", `${noun} ${i + 1} of ${n}: x ${fmt(x, 2)}, y ${fmt(y, 2)}`);
    });
  }

  /** Tell the model the points as shown. */
  #commit() {
    const { model } = this.#o;
    model.set("points", copy(this.points));
    model.save_changes();
  }

  /**
   * @param {number} i
   * @param {number} x
   * @param {number} y
   * @param {boolean} final
   */
  #move(i, x, y, final) {
    const { sx, sy } = this.#o.view();
    this.points[i] = [clamp(x, ...sx.domain), clamp(y, ...sy.domain)];
    this.#o.changed();
    if (final) this.#commit();
  }

  /** @param {MouseEvent} event */
  #add(event) {
    const p = this.#o.canvas.pointOf(event);
    if (!p) return;
    const { sx, sy } = this.#o.view();
    this.points.push(dataAt(sx, sy, ...p));
    this.build();
    this.#o.changed();
    this.#commit();
  }

  /** @param {number} i */
  #remove(i) {
    const { fewest = 0, refused } = this.#o;
    if (this.points.length <= fewest) {
      refused?.();
      return;
    }
    this.points.splice(i, 1);
    this.build();
    this.#o.changed();
    this.#commit();
    this.#marks[Math.min(i, this.#marks.length - 1)]?.focus();
  }
}

/** @param {number[][]} points */
const copy = (points) => points.map((p) => p.slice());
