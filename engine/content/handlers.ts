import type { voucherMethods } from '../../shared/rpc/voucher-methods';
import type { EngineServices, HandlersOf } from '../handler-types';
import { Vouchers } from './vouchers';

/** shared/rpc/voucher-methods.ts: voucher pools, their import and their report. */
export function voucherHandlers({ ws, writeLock, now, emit }: EngineServices): HandlersOf<typeof voucherMethods> {
  const vouchers = new Vouchers(ws.sqlite);
  return {
    'vouchers/import': (input) =>
      writeLock.run(async () => {
        const result = ws.sqlite.transaction(() => vouchers.import(input.pool, input.text, now()))();
        emit({ type: 'data/changed', topic: 'settings' });
        return result;
      }),
    'vouchers/list': () => ({ pools: vouchers.pools() }),
    'vouchers/report': (input) => vouchers.report(input.pool, input.limit),
  };
}
