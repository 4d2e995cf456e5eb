import { PROVIDER_KINDS } from '../shared/domain/providers';
const labels = new Map<string, Set<string>>();
const helps = new Map<string, Set<string>>();
for (const k of PROVIDER_KINDS)
  for (const f of k.fields) {
    (labels.get(f.key) ?? labels.set(f.key, new Set()).get(f.key)!).add(f.label);
    if (f.help) (helps.get(f.key) ?? helps.set(f.key, new Set()).get(f.key)!).add(f.help);
  }
for (const [k, s] of labels) if (s.size > 1) console.log('LABEL', k, [...s]);
for (const [k, s] of helps) if (s.size > 1) console.log('HELP', k, [...s]);
console.log([...labels.keys()].length, [...helps.keys()].length);
