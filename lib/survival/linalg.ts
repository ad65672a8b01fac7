/**
 * Tiny dense linear algebra for the p x p systems of the tests and the Cox
 * model (p = number of groups - 1 or covariates, so small). Row-major Float64Array.
 */

/**
 * Cholesky decomposition in place (lower triangle), like survival's cholesky2:
 * returns false if the matrix is not positive definite (pivot <= eps * max diag).
 */
export function cholesky(a: Float64Array, p: number): boolean {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i] as number));
  const eps = 1e-12 * (maxDiag || 1);
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * p + k] as number) ** 2;
    if (!(d > eps)) return false;
    const l = Math.sqrt(d);
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * p + k] as number) * (a[j * p + k] as number);
      a[i * p + j] = s / l;
    }
  }
  return true;
}

/** Solve (L L') x = b given the Cholesky factor from `cholesky`. */
export function cholSolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = y[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (y[k] as number);
    y[i] = s / (l[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (y[k] as number);
    y[i] = s / (l[i * p + i] as number);
  }
  return y;
}

/** Solve a x = b for symmetric positive definite a; null if singular. */
export function solveSpd(a: Float64Array, p: number, b: ArrayLike<number>): Float64Array | null {
  const l = Float64Array.from(a);
  if (!cholesky(l, p)) return null;
  return cholSolve(l, p, b);
}

/** Inverse of a symmetric positive definite matrix; null if singular. */
export function invertSpd(a: Float64Array, p: number): Float64Array | null {
  const l = Float64Array.from(a);
  if (!cholesky(l, p)) return null;
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = cholSolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i] as number;
  }
  return inv;
}

/** x' A^-1 x for symmetric positive definite A (a quadratic-form test statistic); NaN if singular. */
export function quadFormInv(a: Float64Array, p: number, x: ArrayLike<number>): number {
  const s = solveSpd(a, p, x);
  if (!s) return NaN;
  let q = 0;
  for (let i = 0; i < p; i++) q += (s[i] as number) * (x[i] as number);
  return q;
}
