import { describe, expect, test } from 'vitest';
import { withoutBidiControls } from './display-text';

describe('text shown from outside', () => {
  test('loses bidi overrides and isolates, keeps Arabic and the letter marks', () => {
    expect(withoutBidiControls('\u202Egpj.exe')).toBe('gpj.exe');
    expect(withoutBidiControls('a\u202Db\u202Ac\u2066d\u2067e\u2068f\u2069g\u202C')).toBe('abcdefg');
    expect(withoutBidiControls('زينب \u200Fبن علي\u061C 42')).toBe('زينب \u200Fبن علي\u061C 42');
  });
});
