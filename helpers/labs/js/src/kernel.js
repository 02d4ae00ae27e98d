// @ts-check
// Whether Python is behind a view: asked once per view, answered only by a live kernel.

/** @typedef {import("./lifetime.js").Lifetime} Lifetime */
/** @typedef {import("./lifetime.js").Model} Model */

// The two messages; helpers/labs/_widget.py (Canvas) answers the first with the second.
export const HELLO = "lab-hello";
export const KERNEL = "lab-kernel";

/**
 * Ask whether a Python kernel is behind `model`; `onAnswer` runs once, when it says so.
 *
 * The view sends `{kind: HELLO}` and the widget's Python side answers `{kind: KERNEL}`.
 * In the static HTML book the widget manager has no kernel: the message goes nowhere
 * (ipywidgets' `send` does nothing without a comm), no answer comes, and the lab shows
 * nothing that only Python computes. A learner's function, run in the kernel when the
 * page was built, would disagree with the points the moment the reader moves them.
 *
 * @param {Model} model
 * @param {Lifetime} life
 * @param {() => void} onAnswer
 * @returns {() => boolean} whether Python has answered
 */
export function askKernel(model, life, onAnswer) {
  let answered = false;
  life.on(model, "msg:custom", (/** @type {unknown} */ msg) => {
    const kind = msg !== null && typeof msg === "object" && "kind" in msg ? msg.kind : undefined;
    if (answered || kind !== KERNEL) return;
    answered = true;
    onAnswer();
  });
  model.send({ kind: HELLO });
  return () => answered;
}
