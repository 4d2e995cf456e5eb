import { useState, type FormEvent } from 'react';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatNumber } from '../../format';

/**
 * Settings → Product catalogue: the products `{% for p in customer | recommended: 3 %}` picks from,
 * and for each category the categories that go with it (phones → phone_accessories).
 */
export function ProductCataloguePanel() {
  const catalogue = useEngineRead('products/catalogue', {}, ['settings']);
  const [message, setMessage] = useState<string | null>(null);

  const importProducts = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) return setMessage('Choose a CSV of products.');
    try {
      const result = await engine.call('products/import', { text: await file.text() });
      setMessage(
        `${formatNumber(result.imported)} products added, ${formatNumber(result.updated)} updated${
          result.rejected.length ? `; refused: ${result.rejected.map((r) => `row ${r.row}, ${r.column}: ${r.message}`).join('; ')}` : '.'
        }`,
      );
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  const saveComplements = async (category: string, text: string) => {
    const complements = text
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      await engine.call('products/set-complements', { category, complements });
      setMessage(`${category}: ${complements.length ? `recommends ${complements.join(', ')}` : 'recommends nothing'}.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  const value = catalogue.value;
  return (
    <section aria-labelledby="catalogue-heading">
      <h2 id="catalogue-heading">Product catalogue</h2>
      <p className="hint">
        {value ? `${formatNumber(value.products)} products.` : ''} In a message, {'{% for p in customer | recommended: 3 %}{{ p.name }}{% endfor %}'} gives products of the categories that go with the
        customer’s last purchase, not bought before, in stock first.
      </p>
      {value && value.categories.length > 0 && (
        <table className="data" aria-label="Categories and what goes with them">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Products</th>
              <th scope="col">Goes with (categories, comma-separated)</th>
            </tr>
          </thead>
          <tbody>
            {value.categories.map((c) => (
              <tr key={c.category}>
                <th scope="row">{c.category}</th>
                <td>
                  {formatNumber(c.products)} ({formatNumber(c.inStock)} in stock)
                </td>
                <td>
                  <form
                    className="row"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void saveComplements(c.category, String(new FormData(event.currentTarget).get('complements') ?? ''));
                    }}
                  >
                    <input name="complements" dir="auto" aria-label={`Categories that go with ${c.category}`} defaultValue={c.complements.join(', ')} />
                    <button type="submit">Save</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void importProducts(event)} className="row">
        <label>
          Products CSV (id, name, category, price; url, image, in_stock optional) <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit">Import products</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
