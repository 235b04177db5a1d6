/** Solve H x = g in place (H symmetric positive definite, destroyed). Returns false if not PD. */
export function choleskySolve(h: Float64Array, g: Float64Array, m: number): boolean {
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
  for (let i = 0; i < m; i++) {
    let v = g[i];
    for (let k = 0; k < i; k++) v -= h[i * m + k] * g[k];
    g[i] = v / h[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = g[i];
    for (let k = i + 1; k < m; k++) v -= h[k * m + i] * g[k];
    g[i] = v / h[i * m + i];
  }
  return true;
}
