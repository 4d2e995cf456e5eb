import type { ProviderAdapter } from './provider';
import { sandboxProvider } from './sandbox';
import { webhookProvider } from './webhook';

/** Provider kinds by name; each real provider API is one more module listed here. */
const adapters = new Map<string, ProviderAdapter>([sandboxProvider, webhookProvider].map((adapter) => [adapter.kind, adapter]));

export function adapterFor(kind: string): ProviderAdapter | undefined {
  return adapters.get(kind);
}

export async function closeAdapters(): Promise<void> {
  for (const adapter of adapters.values()) await adapter.close?.();
}
