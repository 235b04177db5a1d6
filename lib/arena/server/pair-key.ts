/** Key of an ordered model pair in never-pair sets (both orders are stored). */
export function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}
