import type BetterSqlite3 from 'better-sqlite3';
import Papa from 'papaparse';
import type { ProductCatalogue, ProductImport } from '../../shared/rpc/product-methods';
import type { RecommendationSource, RecommendedProduct } from '../templating/render';

const REQUIRED = ['id', 'name', 'category', 'price'] as const;
const YES = new Set(['1', 'yes', 'true', 'oui', 'y']);
const NO = new Set(['0', 'no', 'false', 'non', 'n']);

/** What is wrong with a product row (the first column at fault), or null. */
function rowProblem(cell: (column: string) => string): { column: string; message: string } | null {
  for (const column of ['id', 'name', 'category'] as const) if (cell(column) === '') return { column, message: 'is empty' };
  const price = Number(cell('price').replace(',', '.'));
  if (cell('price') === '' || !Number.isFinite(price) || price < 0) return { column: 'price', message: 'is not a price (a number, 4200 or 4200.50)' };
  const stock = cell('in_stock').toLowerCase();
  if (stock !== '' && !YES.has(stock) && !NO.has(stock)) return { column: 'in_stock', message: 'is yes or no (1 or 0)' };
  for (const column of ['url', 'image'] as const) if (cell(column) !== '' && !/^https?:\/\/\S+$/i.test(cell(column))) return { column, message: 'is not an http(s) address' };
  return null;
}

/**
 * The product catalogue and the complementary categories, and the recommendations messages read
 * from them (`{% for p in customer | recommended: 3 %}`): products of the categories that go with
 * the customer's last purchase, not bought before, in stock first.
 */
export class Products {
  private readonly statements: Record<string, BetterSqlite3.Statement>;

  constructor(sqlite: BetterSqlite3.Database) {
    const s = (text: string) => sqlite.prepare(text);
    this.statements = {
      upsert: s(
        `INSERT INTO products (id, name, category, price, url, image, in_stock, updated_at) VALUES (@id, @name, @category, @price, @url, @image, @inStock, @now)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, price = excluded.price, url = excluded.url,
           image = excluded.image, in_stock = excluded.in_stock, updated_at = excluded.updated_at `,
      ),
      exists: s('SELECT 1 FROM products WHERE id = ?').pluck(),
      clearComplements: s('DELETE FROM complementary_categories WHERE category = ?'),
      addComplement: s('INSERT INTO complementary_categories (category, complement) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      count: s('SELECT count(*) FROM products').pluck(),
      categories: s(
        `SELECT category, count(*) AS products, sum(in_stock) AS in_stock FROM products GROUP BY category
         UNION SELECT category, 0, 0 FROM complementary_categories WHERE category NOT IN (SELECT category FROM products) ORDER BY 1`,
      ),
      complements: s('SELECT category, complement FROM complementary_categories ORDER BY category, complement'),
      recommended: s(
        `WITH last AS (
           SELECT coalesce(p.category, e.properties ->> 'category') AS category FROM events e
           LEFT JOIN products p ON p.id = e.properties ->> 'product_id'
           WHERE e.customer_id = @customer AND e.name = 'purchase' ORDER BY e.ts DESC LIMIT 1),
         bought AS (SELECT DISTINCT properties ->> 'product_id' AS id FROM events WHERE customer_id = @customer AND name = 'purchase' AND properties ->> 'product_id' IS NOT NULL)
         SELECT p.id, p.name, p.category, p.price, p.url, p.image, p.in_stock FROM products p
         WHERE p.category IN (SELECT complement FROM complementary_categories WHERE category = (SELECT category FROM last))
           AND p.id NOT IN (SELECT id FROM bought)
         ORDER BY p.in_stock DESC, p.rowid LIMIT @limit`,
      ),
      customerId: s('SELECT id FROM customers WHERE external_id = ?').pluck(),
    };
  }

  /** Call in a write transaction. */
  import(text: string, now: number): ProductImport {
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
    const result: ProductImport = { imported: 0, updated: 0, rejected: [] };
    const reject = (row: number, column: string, value: string, message: string) => {
      if (result.rejected.length < 100) result.rejected.push({ row, column, value: value.slice(0, 80), message });
    };
    const missing = REQUIRED.filter((column) => !(parsed.meta.fields ?? []).includes(column));
    if (missing.length > 0) {
      reject(1, missing.join(', '), '', `the header row needs the columns ${REQUIRED.join(', ')} (missing: ${missing.join(', ')})`);
      return result;
    }
    for (const [index, raw] of parsed.data.entries()) {
      const row = index + 2;
      const cell = (column: string) => (raw[column] ?? '').trim();
      const problem = rowProblem(cell);
      if (problem) {
        reject(row, problem.column, cell(problem.column), problem.message);
        continue;
      }
      const stock = cell('in_stock').toLowerCase();
      const known = this.statements['exists']!.get(cell('id')) !== undefined;
      this.statements['upsert']!.run({
        id: cell('id'),
        name: cell('name'),
        category: cell('category'),
        price: Number(cell('price').replace(',', '.')),
        url: cell('url') || null,
        image: cell('image') || null,
        inStock: NO.has(stock) ? 0 : 1,
        now,
      });
      if (known) result.updated++;
      else result.imported++;
    }
    return result;
  }

  /** Call in a write transaction. */
  setComplements(category: string, complements: string[]): void {
    this.statements['clearComplements']!.run(category);
    for (const complement of complements) if (complement !== category) this.statements['addComplement']!.run(category, complement);
  }

  catalogue(): ProductCatalogue {
    const complements = new Map<string, string[]>();
    for (const row of this.statements['complements']!.all() as { category: string; complement: string }[]) complements.set(row.category, [...(complements.get(row.category) ?? []), row.complement]);
    return {
      products: this.statements['count']!.get() as number,
      categories: (this.statements['categories']!.all() as { category: string; products: number; in_stock: number }[]).map((row) => ({
        category: row.category,
        products: row.products,
        inStock: row.in_stock,
        complements: complements.get(row.category) ?? [],
      })),
    };
  }

  /** What `customer | recommended: n` gives in a message. */
  source(): RecommendationSource {
    return {
      for: (externalId, limit) => {
        const customer = this.statements['customerId']!.get(externalId) as number | undefined;
        if (customer === undefined) return [];
        return (
          this.statements['recommended']!.all({ customer, limit }) as { id: string; name: string; category: string; price: number; url: string | null; image: string | null; in_stock: number }[]
        ).map((row): RecommendedProduct => ({ id: row.id, name: row.name, category: row.category, price: row.price, url: row.url ?? '', image: row.image ?? '', in_stock: row.in_stock === 1 }));
      },
    };
  }
}
