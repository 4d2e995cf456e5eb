import { describe, expect, test } from 'vitest';
import { PROVIDER_KIND_NAMES, PROVIDER_KINDS } from '../../shared/domain/providers';
import { CHANNELS } from '../../shared/domain/channels';
import { adapterFor } from './registry';

describe('the provider catalogue and the adapters agree', () => {
  test('every kind has its settings page entry and an adapter of that kind', () => {
    expect(PROVIDER_KINDS.map((k) => k.kind).sort()).toEqual([...PROVIDER_KIND_NAMES].sort());
    for (const kind of PROVIDER_KIND_NAMES) expect(adapterFor(kind)?.kind).toBe(kind);
    expect(adapterFor('toString')).toBeUndefined();
  });

  test('"pollable" is said once, in the catalogue, and matches the adapters that can be asked', () => {
    for (const info of PROVIDER_KINDS) expect(info.pollable).toBe(adapterFor(info.kind)?.poll !== undefined);
  });

  test('every kind sends only channels the catalogue knows', () => {
    for (const info of PROVIDER_KINDS) for (const channel of info.channels) expect(CHANNELS).toContain(channel);
  });
});
