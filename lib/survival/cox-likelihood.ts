import type { Sorted } from './cox-data';

/**
 * One pass of the Efron partial likelihood (survival's coxfit6 arithmetic):
 * records in decreasing time, running risk-set sums a (first moments) and c
 * (second moments), and per tied-time block the deaths' sums a2, c2; the m-th
 * of d tied deaths sees denominator denom - (m/d) denom2.
 */
export interface Eval {
  loglik: number;
  u: Float64Array;
  imat: Float64Array;
}

/** Log partial likelihood (Efron), score and information at beta: one pass, descending time. */
export function evaluate(s: Sorted, beta: Float64Array, eta: Float64Array, w: Float64Array, ws: Float64Array): Eval {
  const { x, count, deaths, start, n, p } = s;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += (x[i * p + j] as number) * (beta[j] as number);
    eta[i] = e;
    w[i] = Math.exp(e);
  }
  // ws layout: a[p], c[p*p] (risk set), a2[p], c2[p*p] (deaths of the block)
  ws.fill(0);
  const aOff = 0;
  const cOff = p;
  const a2Off = p + p * p;
  const c2Off = 2 * p + p * p;
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  let loglik = 0;
  let denom = 0;
  for (let k = start.length - 2; k >= 0; k--) {
    let denom2 = 0;
    let ndead = 0;
    for (let r = start[k + 1] as number; r-- > (start[k] as number); ) {
      const wr = w[r] as number;
      const risk = (count[r] as number) * wr;
      const nd = deaths[r] as number;
      const dRisk = nd * wr;
      denom += risk;
      if (nd > 0) {
        denom2 += dRisk;
        ndead += nd;
        loglik += nd * (eta[r] as number);
      }
      for (let i = 0; i < p; i++) {
        const xi = x[r * p + i] as number;
        ws[aOff + i] = (ws[aOff + i] as number) + risk * xi;
        if (nd > 0) {
          ws[a2Off + i] = (ws[a2Off + i] as number) + dRisk * xi;
          u[i] = (u[i] as number) + nd * xi;
        }
        for (let j = 0; j <= i; j++) {
          const xij = xi * (x[r * p + j] as number);
          ws[cOff + i * p + j] = (ws[cOff + i * p + j] as number) + risk * xij;
          if (nd > 0) ws[c2Off + i * p + j] = (ws[c2Off + i * p + j] as number) + dRisk * xij;
        }
      }
    }
    if (ndead === 0) continue;
    // Efron: the k-th of the tied deaths sees the risk set minus k/ndead of the dying mass.
    for (let m = 0; m < ndead; m++) {
      const f = m / ndead;
      const d2 = denom - f * denom2;
      loglik -= Math.log(d2);
      for (let i = 0; i < p; i++) {
        const ai = ((ws[aOff + i] as number) - f * (ws[a2Off + i] as number)) / d2;
        u[i] = (u[i] as number) - ai;
        for (let j = 0; j <= i; j++) {
          const aj = ((ws[aOff + j] as number) - f * (ws[a2Off + j] as number)) / d2;
          const cij = ((ws[cOff + i * p + j] as number) - f * (ws[c2Off + i * p + j] as number)) / d2;
          imat[i * p + j] = (imat[i * p + j] as number) + cij - ai * aj;
        }
      }
    }
    ws.fill(0, a2Off, a2Off + p);
    ws.fill(0, c2Off, c2Off + p * p);
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j] as number;
  return { loglik, u, imat };
}
