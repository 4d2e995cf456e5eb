import { z } from 'zod';
import { method } from './method';

export interface ProductImport {
  imported: number;
  updated: number;
  /** The first 100 rows refused, with the column at fault. */
  rejected: { row: number; column: string; value: string; message: string }[];
}

export interface ProductCatalogue {
  products: number;
  categories: { category: string; products: number; inStock: number; complements: string[] }[];
}

const category = z.string().trim().min(1).max(100);

export const productMethods = {
  'products/import': method<ProductImport>()({
    input: z.strictObject({ text: z.string().min(1).max(8_000_000) }),
    long: false,
    summary: 'Add or update products from a CSV (id, name, category, price; url, image, in_stock optional).',
  }),
  'products/set-complements': method<ProductCatalogue>()({
    input: z.strictObject({ category, complements: z.array(category).max(50) }),
    long: false,
    summary: 'The categories that go with a category (phones -> phone_accessories): what a purchase in it is recommended next.',
  }),
  'products/catalogue': method<ProductCatalogue>()({
    input: z.strictObject({}),
    long: false,
    summary: 'How many products, and each category with its complements.',
  }),
} as const;
