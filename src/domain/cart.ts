/** What a cart adds up to, from its lines. */
export interface PricedLine {
  quantity: number;
  lineTotalFen: number;
}

export interface CartTotals {
  items: number;
  totalFen: number;
}

export function cartTotals(lines: readonly PricedLine[]): CartTotals {
  let items = 0;
  let totalFen = 0;
  for (const line of lines) {
    items += line.quantity;
    totalFen += line.lineTotalFen;
  }
  return { items, totalFen };
}
