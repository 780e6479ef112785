/** A change with its sign, "+1.5" / "−0.3" (a typographic minus) / "±0", rounded to `digits`. */
export function signed(delta: number, digits = 1): string {
  const v = Number(delta.toFixed(digits));
  if (v === 0) return "±0";
  return `${v > 0 ? "+" : "−"}${Math.abs(v).toFixed(digits)}`;
}
