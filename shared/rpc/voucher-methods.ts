import { z } from 'zod';
import { method } from './method';

export interface VoucherPoolSummary {
  pool: string;
  total: number;
  used: number;
  free: number;
  /** Fewer than 50 free codes, or under a tenth of the pool. */
  low: boolean;
}

export interface VoucherImport {
  pool: string;
  imported: number;
  /** Codes the pool already held. */
  duplicates: number;
  /** The first 100 lines refused, with why. */
  rejected: { row: number; value: string; message: string }[];
}

export interface VoucherReport extends VoucherPoolSummary {
  /** Used codes first (with the message and customer that got each), then free ones. */
  codes: { code: string; usedAt: string | null; messageId: number | null; customer: string | null }[];
}

const poolSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'is a pool name: letters, digits, - and _');

export const voucherMethods = {
  'vouchers/import': method<VoucherImport>()({
    input: z.strictObject({ pool: poolSchema, text: z.string().min(1).max(8_000_000) }),
    long: false,
    summary: 'Add codes to a voucher pool (one a line, or a CSV with a "code" column); codes it holds already are counted, not added twice.',
  }),
  'vouchers/list': method<{ pools: VoucherPoolSummary[] }>()({
    input: z.strictObject({}),
    long: false,
    summary: 'Every voucher pool with its used and free codes, and whether it runs low.',
  }),
  'vouchers/report': method<VoucherReport>()({
    input: z.strictObject({ pool: poolSchema, limit: z.number().int().min(1).max(100_000).default(1000) }),
    long: false,
    summary: "A pool's codes: the used ones with the message and customer that got each, then the free ones.",
  }),
} as const;
