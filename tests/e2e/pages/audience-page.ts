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

  async importFile(path: string): Promise<void> {
    await this.page.getByTestId('import-file').setInputFiles(path);
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
    return this.table().getByRole('row').filter({ hasNot: this.page.getByRole('columnheader') });
  }

  scrollBody(): Locator {
    return this.page.getByTestId('customers-scroll');
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search customers' }).fill(text);
  }

  async sortBy(column: string): Promise<void> {
    await this.table().getByRole('columnheader').getByRole('button', { name: column }).click();
  }
}
