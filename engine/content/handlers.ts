import type { voucherMethods } from '../../shared/rpc/voucher-methods';
import type { productMethods } from '../../shared/rpc/product-methods';
import { Products } from './products';
import type { templateMethods } from '../../shared/rpc/template-methods';
import { MessageTemplates } from './message-templates';
import type { EngineServices, HandlersOf } from '../handler-types';
import { Vouchers } from './vouchers';
import type { DataChangedEvent } from '../../shared/rpc/events';

/** One write transaction under the engine's write lock, then windows told what changed. */
function writer({ ws, writeLock, emit }: EngineServices, topic: DataChangedEvent['topic']) {
  return <T>(work: () => T) =>
    writeLock.run(async () => {
      const result = ws.sqlite.transaction(work)();
      emit({ type: 'data/changed', topic });
      return result;
    });
}

/** shared/rpc/voucher-methods.ts: voucher pools, their import and their report. */
export function voucherHandlers(services: EngineServices): HandlersOf<typeof voucherMethods> {
  const vouchers = new Vouchers(services.ws.sqlite);
  const write = writer(services, 'settings');
  return {
    'vouchers/import': (input) => write(() => vouchers.import(input.pool, input.text, services.now())),
    'vouchers/list': () => ({ pools: vouchers.pools() }),
    'vouchers/report': (input) => vouchers.report(input.pool, input.limit),
  };
}

/** shared/rpc/product-methods.ts: the product catalogue and complementary categories. */
export function productHandlers(services: EngineServices): HandlersOf<typeof productMethods> {
  const products = new Products(services.ws.sqlite);
  const write = writer(services, 'settings');
  const now = services.now;
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
export function templateHandlers(services: EngineServices): HandlersOf<typeof templateMethods> {
  const templates = new MessageTemplates(services.ws.sqlite);
  const write = writer(services, 'flows');
  const now = services.now;
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
