import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
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
  const t = useT();

  const importProducts = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) return setMessage(t('products.chooseFile'));
    try {
      const result = await engine.call('products/import', { text: await file.text() });
      setMessage(
        t('products.imported', { imported: formatNumber(result.imported), updated: formatNumber(result.updated) }) +
          (result.rejected.length ? t('products.refused', { rows: result.rejected.map((r) => `${r.row}, ${r.column}: ${r.message}`).join('; ') }) : ''),
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
      setMessage(complements.length ? t('products.recommends', { category, complements: complements.join(', ') }) : t('products.recommendsNothing', { category }));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  const value = catalogue.value;
  return (
    <section aria-labelledby="catalogue-heading">
      <h2 id="catalogue-heading">{t('products.heading')}</h2>
      <p className="hint">{t('products.hint', { count: value?.products ?? 0, snippet: '{% for p in customer | recommended: 3 %}{{ p.name }}{% endfor %}' })}</p>
      {value && value.categories.length > 0 && (
        <table className="data" aria-label={t('products.table')}>
          <thead>
            <tr>
              <th scope="col">{t('products.category')}</th>
              <th scope="col">{t('products.products')}</th>
              <th scope="col">{t('products.goesWith')}</th>
            </tr>
          </thead>
          <tbody>
            {value.categories.map((c) => (
              <tr key={c.category}>
                <th scope="row">{c.category}</th>
                <td>{t('products.inStock', { count: formatNumber(c.products), inStock: formatNumber(c.inStock) })}</td>
                <td>
                  <form
                    className="row"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void saveComplements(c.category, String(new FormData(event.currentTarget).get('complements') ?? ''));
                    }}
                  >
                    <input name="complements" dir="auto" aria-label={t('products.goesWithLabel', { category: c.category })} defaultValue={c.complements.join(', ')} />
                    <button type="submit">{t('products.save')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void importProducts(event)} className="row">
        <label>
          {t('products.file')} <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit">{t('products.import')}</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
