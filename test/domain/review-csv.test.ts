import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/domain/review/csv.ts';
import { parseCsv } from './review-csv-parser.ts';

describe('CSV exports', () => {
  it('quotes fields with commas, quotes and line breaks, as RFC 4180 says', () => {
    expect(csvCell('Ele.me, Youku')).toBe('"Ele.me, Youku"');
    expect(csvCell('the "walled garden"')).toBe('"the ""walled garden"""');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+86 10 1234')).toBe("'+86 10 1234");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell(-1)).toBe('-1');
  });

  it('parses back to the same rows for any text (formula-like cells keep their guard quote)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '=', '-', '微', "'") });
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (rows) => {
        const parsed = parseCsv(toCsv(['a', 'b', 'c'], rows));
        expect(parsed[0]).toEqual(['a', 'b', 'c']);
        const guarded = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
        expect(parsed.slice(1)).toEqual(rows.map((row) => row.map(guarded)));
      }),
    );
  });
});
