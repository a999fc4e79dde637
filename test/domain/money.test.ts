import { describe, expect, it } from 'vitest';
import { fenToYuanString, formatYuan, parseYuan } from '../../src/domain/money.ts';

describe('money in fen', () => {
  it('parses yuan text into fen and refuses anything else', () => {
    expect(parseYuan('120.50')).toBe(12050);
    expect(parseYuan('120.5')).toBe(12050);
    expect(parseYuan('7')).toBe(700);
    expect(parseYuan('0.01')).toBe(1);
    for (const bad of ['', '-1', '1.234', '1e3', 'abc', '1,000.00', '١٢٣']) expect(parseYuan(bad)).toBeNull();
  });

  it('formats fen as yuan for people and for the API', () => {
    expect(formatYuan(128000)).toBe('¥1,280.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(fenToYuanString(12050)).toBe('120.50');
  });
});

describe('money at the edges', () => {
  it('formats a negative amount with its sign before the yuan mark, and pads the fen', () => {
    expect(formatYuan(-1205)).toBe('-¥12.05');
    expect(formatYuan(100_000_007)).toBe('¥1,000,000.07');
  });

  it('reads an amount typed with spaces around it', () => {
    expect(parseYuan(' 59.9 ')).toBe(5990);
    expect(fenToYuanString(5)).toBe('0.05');
  });
});
