import type { voucherMethods } from '../../shared/rpc/voucher-methods';
import type { productMethods } from '../../shared/rpc/product-methods';
import { Products } from './products';
import type { templateMethods } from '../../shared/rpc/template-methods';
import { MessageTemplates } from './message-templates';
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

/** shared/rpc/product-methods.ts: the product catalogue and complementary categories. */
export function productHandlers({ ws, writeLock, now, emit }: EngineServices): HandlersOf<typeof productMethods> {
  const products = new Products(ws.sqlite);
  const write = <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = ws.sqlite.transaction(work)();
      emit({ type: 'data/changed', topic: 'settings' });
      return result;
    });
  return {
    'products/import': (input) => write(() => products.import(input.text, now())),
    'products/set-complements': (input) =>
      write(() => {
        products.setComplements(input.category, input.complements);
        return products.catalogue();
      }),
    'products/catalogue': () => products.catalogue(),
  };
}

/** shared/rpc/template-methods.ts: the message template library. */
export function templateHandlers({ ws, writeLock, now, emit }: EngineServices): HandlersOf<typeof templateMethods> {
  const templates = new MessageTemplates(ws.sqlite);
  const write = <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = ws.sqlite.transaction(work)();
      emit({ type: 'data/changed', topic: 'flows' });
      return result;
    });
  return {
    'templates/list': (input) => ({ templates: templates.list(input.channel) }),
    'templates/save': (input) => write(() => templates.save(input, now())),
    'templates/delete': (input) =>
      write(() => {
        templates.remove(input.id);
        return { deleted: input.id };
      }),
  };
}
