// @ts-check
// What a view sets up and must undo when it goes away.

/** @typedef {import("@anywidget/types").AnyModel<any>} Model */

/**
 * The listeners, animation frames and observers of one view, undone together.
 *
 * anywidget calls the function a `render` returns when the view is removed (its output
 * cleared, its cell run again, its notebook closed); every lab's `render` returns
 * `lifetime.dispose`. Listeners on the view's elements, on the window or the document,
 * model listeners, animation frames and observers registered here all end with it, so a
 * removed view leaves nothing running and nothing holding on to it.
 */
export class Lifetime {
  #controller = new AbortController();
  /** @type {Array<() => void>} */
  #undo = [];
  /** @type {Set<number>} */
  #frames = new Set();

  /** Whether `dispose` has run. */
  get disposed() {
    return this.#controller.signal.aborted;
  }

  /**
   * `target.addEventListener(type, listener, options)`, until disposal.
   * @template {Event} E
   * @param {EventTarget} target
   * @param {string} type
   * @param {(event: E) => void} listener
   * @param {AddEventListenerOptions} [options]
   */
  listen(target, type, listener, options = {}) {
    const signal = this.#controller.signal;
    target.addEventListener(type, /** @type {EventListener} */ (listener), { ...options, signal });
  }

  /**
   * `model.on(name, callback)`, until disposal.
   * @param {Model} model
   * @param {string} name
   * @param {(...args: any[]) => void} callback
   */
  on(model, name, callback) {
    model.on(name, callback);
    this.#undo.push(() => model.off(name, callback));
  }

  /**
   * `callback` on a change of any of the model's traits `names`, until disposal.
   * @param {Model} model
   * @param {string[]} names
   * @param {() => void} callback
   */
  onChange(model, names, callback) {
    for (const name of names) this.on(model, `change:${name}`, callback);
  }

  /**
   * `requestAnimationFrame(callback)`, cancelled at disposal; returns the frame's id.
   * @param {FrameRequestCallback} callback
   */
  frame(callback) {
    const id = requestAnimationFrame((time) => {
      this.#frames.delete(id);
      callback(time);
    });
    this.#frames.add(id);
    return id;
  }

  /**
   * Cancel a frame requested with `frame`.
   * @param {number} id
   */
  cancelFrame(id) {
    cancelAnimationFrame(id);
    this.#frames.delete(id);
  }

  /**
   * Run `undo` at disposal (disconnect an observer, say).
   * @param {() => void} undo
   */
  defer(undo) {
    this.#undo.push(undo);
  }

  /** Undo everything registered, last first; a second call does nothing. */
  dispose = () => {
    if (this.disposed) return;
    this.#controller.abort();
    for (const id of this.#frames) cancelAnimationFrame(id);
    this.#frames.clear();
    for (const undo of this.#undo.splice(0).reverse()) undo();
  };
}
