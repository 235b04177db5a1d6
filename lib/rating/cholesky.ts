/** Cholesky factor H = L·Lᵀ in place (lower triangle; H symmetric positive definite). Returns false if not PD. */
export function choleskyFactor(h: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let s = h[j * m + j];
    for (let k = 0; k < j; k++) s -= h[j * m + k] * h[j * m + k];
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    h[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let v = h[i * m + j];
      for (let k = 0; k < j; k++) v -= h[i * m + k] * h[j * m + k];
      h[i * m + j] = v / d;
    }
  }
  return true;
}

/** Solve L·Lᵀ x = g in place, with `l` from choleskyFactor. */
export function choleskySolveFactored(l: Float64Array, g: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    let v = g[i];
    for (let k = 0; k < i; k++) v -= l[i * m + k] * g[k];
    g[i] = v / l[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = g[i];
    for (let k = i + 1; k < m; k++) v -= l[k * m + i] * g[k];
    g[i] = v / l[i * m + i];
  }
}

/** Solve H x = g in place (H symmetric positive definite, destroyed). Returns false if not PD. */
export function choleskySolve(h: Float64Array, g: Float64Array, m: number): boolean {
  if (!choleskyFactor(h, m)) return false;
  choleskySolveFactored(h, g, m);
  return true;
}
