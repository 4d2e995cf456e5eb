import { describe, expect, test } from 'vitest';
import { textSource, useEngine } from '../../tests/helpers/engine';

const { engine } = useEngine();

describe('the import error report', () => {
  test('writes a rejected value that looks like a formula as text', async () => {
    const summary = await engine().call('customers/import', { source: textSource('external_id,signup_date\nC-1,"=HYPERLINK(""http://evil.example"",""x"")"\nC-2,@SUM(A1)\n') });
    expect(summary.warnings.length).toBe(2);
    const report = await engine().call('imports/errors-csv', { importId: summary.importId! });
    expect(report.csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(report.csv).toContain(`'@SUM(A1)`);
    expect(report.csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});
