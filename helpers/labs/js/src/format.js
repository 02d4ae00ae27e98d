// @ts-check
// Numbers as the labs print them: a true minus sign, "n/a" for what is not a number.

/** `s` with a leading hyphen-minus replaced by a true minus sign. */
const minus = (/** @type {string} */ s) => s.replace(/^-/, "\u2212");

/**
 * A number for a readout: fixed decimals, exponent notation for very large or small values.
 * @param {number} v
 * @param {number} [digits=3]
 */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return "n/a";
  const tiny = v !== 0 && Math.abs(v) < 10 ** -digits;
  return minus(Math.abs(v) >= 1e5 || tiny ? v.toExponential(2) : v.toFixed(digits));
}

/**
 * A readout of three significant digits, for quantities that span many decades (MSEs).
 * @param {number} v
 */
export function fmtSig(v) {
  if (!Number.isFinite(v)) return "n/a";
  const far = v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5);
  return minus(far ? v.toExponential(2) : v.toPrecision(3));
}

/**
 * An axis tick's label: as short as the value allows.
 * @param {number} t
 */
export function fmtTick(t) {
  const far = Math.abs(t) >= 1000 || (t !== 0 && Math.abs(t) < 0.01);
  return minus(far ? t.toExponential(0) : String(+t.toFixed(6)));
}

const SUPERSCRIPT = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";

/**
 * "10" with the exponent `k` as superscript digits: 10⁻³.
 * @param {number} k  an integer
 */
export function powerOfTen(k) {
  const digits = String(Math.abs(k))
    .split("")
    .map((ch) => SUPERSCRIPT[Number(ch)])
    .join("");
  return `10${k < 0 ? "\u207b" : ""}${digits}`;
}
