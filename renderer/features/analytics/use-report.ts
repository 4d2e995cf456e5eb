import { uiLocale } from '../../i18n';
import type { MethodInput, MethodName } from '../../../shared/rpc/methods';
import { useEngineRead, type EngineRead } from '../../engine-client/use-engine-read';
import type { MethodOutput } from '../../../shared/rpc/methods';

/** One report, read again when its input changes or new messages, customers or counted rows arrive. */
export function useReport<M extends MethodName>(method: M, input: MethodInput<M> | null): EngineRead<MethodOutput<M>> {
  return useEngineRead(method, input, ['messages', 'customers', 'analytics'], { keepWhileReading: true });
}

export const count = (n: number) => n.toLocaleString(uiLocale(), { maximumFractionDigits: 0 });
