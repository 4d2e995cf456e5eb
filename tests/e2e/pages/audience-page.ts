import type { Locator, Page } from 'playwright-core';

/** The Audience screen as a user sees it: import controls, the customers table and its search. */
export class AudiencePage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Audience' });
  }

  emptyState(): Locator {
    return this.page.getByRole('region', { name: 'No customers yet' });
  }

  async openTab(name: 'Customers' | 'Import' | 'Segments' | 'Scoring'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** Chooses a file in the import wizard and waits until its preview is shown. */
  async chooseImportFile(path: string): Promise<void> {
    await this.openTab('Import');
    await this.page.getByTestId('import-file').setInputFiles(path);
    await this.page.getByRole('button', { name: 'Check the file (dry run)' }).waitFor();
  }

  async startImport(): Promise<void> {
    await this.page.getByRole('button', { name: /^Import( [\d,]+ rows)?$/ }).click();
  }

  /** The whole path a user takes for a plain import: wizard, file, import, its result read below the button, back to the table. */
  async importFile(path: string): Promise<string> {
    await this.chooseImportFile(path);
    await this.startImport();
    await this.page
      .getByTestId('import-result')
      .filter({ hasText: /^Imported/ })
      .waitFor();
    const result = (await this.importResult().textContent()) ?? '';
    await this.openTab('Customers');
    return result;
  }

  importResult(): Locator {
    return this.page.getByTestId('import-result');
  }

  customerCount(): Locator {
    return this.page.getByTestId('customer-count');
  }

  table(): Locator {
    return this.page.getByRole('grid', { name: 'Customers' });
  }

  rows(): Locator {
    return this.table()
      .getByRole('row')
      .filter({ hasNot: this.page.getByRole('columnheader') });
  }

  /** The customers grid, which takes focus and the keys that move through its rows. */
  grid(): Locator {
    return this.page.getByTestId('customers-grid');
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search customers' }).fill(text);
  }

  async sortBy(column: string): Promise<void> {
    await this.table().getByRole('columnheader').getByRole('button', { name: column }).click();
  }
}
