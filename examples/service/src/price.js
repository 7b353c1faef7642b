// A tiny pricing module: enough logic for tests and a coverage report that means something.

/** Total of line items in cents, with an optional percentage discount code. */
export function total(items, code) {
  const subtotal = items.reduce((sum, item) => sum + item.cents * item.quantity, 0);
  const discount = discountFor(code, subtotal);
  return Math.max(0, subtotal - discount);
}

/** The discount in cents for a code. */
export function discountFor(code, subtotal) {
  if (!code) return 0;
  const match = /^SAVE(\d{1,2})$/.exec(code);
  if (!match) throw new Error(`unknown discount code: ${code}`);
  return Math.round((subtotal * Number(match[1])) / 100);
}

/** Formats cents as a price string. */
export function format(cents, currency = 'EUR') {
  if (currency === 'EUR') return `€${(cents / 100).toFixed(2)}`;
  if (currency === 'USD') return `$${(cents / 100).toFixed(2)}`;
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
