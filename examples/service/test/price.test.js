import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discountFor, format, total } from '../src/price.js';

test('totals line items', () => {
  assert.equal(
    total([
      { cents: 250, quantity: 2 },
      { cents: 100, quantity: 1 },
    ]),
    600,
  );
});

test('applies a discount code', () => {
  assert.equal(total([{ cents: 1000, quantity: 1 }], 'SAVE10'), 900);
  assert.equal(discountFor('', 1000), 0);
});

test('rejects an unknown code', () => {
  assert.throws(() => discountFor('FREE', 100), /unknown discount code/);
});

test('formats euros', () => {
  assert.equal(format(1234), '€12.34');
});
