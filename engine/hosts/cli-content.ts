import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './cli-delivery';

/** Content messages draw on: `vouchers import POOL FILE`, `vouchers list [POOL]`, `products import FILE`, `products complements CATEGORY ...`. */
export function registerContentCommands(program: Command, cli: CliContext): void {
  const products = program.command('products').description('the product catalogue that {% for p in customer | recommended: 3 %} recommends from');
  products
    .command('import <file>')
    .description('add or update products from a CSV: id, name, category, price (url, image, in_stock optional)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const text = readFileSync(resolve(file), 'utf8');
      const result = await cli.withEngine(command, (engine) => engine.call('products/import', { text }));
      cli.print<'products/import'>(command, result, () => [
        `${result.imported} products added, ${result.updated} updated${result.rejected.length > 0 ? `, ${result.rejected.length} rows refused:` : '.'}`,
        ...result.rejected.map((r) => `  row ${r.row}, ${r.column}: "${r.value}" ${r.message}`),
      ]);
      if (result.rejected.length > 0) cli.setExitCode(3);
    });
  products
    .command('complements <category> [complements...]')
    .description('the categories that go with a category (phones phone_accessories audio); none clears them')
    .action(async (category: string, complements: string[], _options: unknown, command: Command) => {
      const catalogue = await cli.withEngine(command, (engine) => engine.call('products/set-complements', { category, complements }));
      cli.print<'products/set-complements'>(command, catalogue, () =>
        catalogue.categories.map((c) => `${c.category.padEnd(24)} ${c.products} products (${c.inStock} in stock)${c.complements.length ? ` -> ${c.complements.join(', ')}` : ''}`),
      );
    });

  const vouchers = program.command('vouchers').description('voucher pools: codes that {% voucher "POOL" %} gives out, one per message');
  vouchers
    .command('import <pool> <file>')
    .description('add the codes of a file to a pool: one a line, or a CSV with a "code" column')
    .action(async (pool: string, file: string, _options: unknown, command: Command) => {
      const text = readFileSync(resolve(file), 'utf8');
      const result = await cli.withEngine(command, (engine) => engine.call('vouchers/import', { pool, text }));
      cli.print<'vouchers/import'>(command, result, () => [
        `${result.imported} codes added to ${result.pool}${result.duplicates > 0 ? `, ${result.duplicates} it held already` : ''}${result.rejected.length > 0 ? `, ${result.rejected.length} refused:` : '.'}`,
        ...result.rejected.map((r) => `  line ${r.row}: "${r.value}" ${r.message}`),
      ]);
      if (result.rejected.length > 0) cli.setExitCode(3);
    });
  vouchers
    .command('list [pool]')
    .description('every pool with its used and free codes; with a pool, its codes (used ones first, with who got each)')
    .action(async (pool: string | undefined, _options: unknown, command: Command) => {
      if (pool === undefined) {
        const value = await cli.withEngine(command, (engine) => engine.call('vouchers/list', {}));
        cli.print<'vouchers/list'>(command, value, () =>
          value.pools.length === 0
            ? ['No voucher pools yet: campaign-studio vouchers import POOL FILE.']
            : value.pools.map((p) => `${p.pool.padEnd(20)} ${p.used} used, ${p.free} free of ${p.total}${p.low ? '  (running low)' : ''}`),
        );
        return;
      }
      const report = await cli.withEngine(command, (engine) => engine.call('vouchers/report', { pool, limit: 100_000 }));
      cli.print<'vouchers/report'>(command, report, () => [
        `${report.pool}: ${report.used} used, ${report.free} free of ${report.total}${report.low ? ' (running low)' : ''}`,
        ...report.codes.map((c) => (c.usedAt ? `${c.code}  used ${c.usedAt} by ${c.customer ?? '(erased)'} (message #${c.messageId ?? '-'})` : `${c.code}  free`)),
      ]);
    });
}
