import { PROVIDER_KINDS } from '../shared/domain/providers';
const out = new Map<string, string>();
for (const k of PROVIDER_KINDS) {
  out.set(`kind.${k.kind}.label`, k.label);
  out.set(`kind.${k.kind}.statusBack`, k.statusBack);
}
for (const k of PROVIDER_KINDS)
  for (const f of k.fields) {
    const generic = `field.${f.key}.label`;
    if (!out.has(generic)) out.set(generic, f.label);
    else if (out.get(generic) !== f.label) out.set(`field.${k.kind}.${f.key}.label`, f.label);
    if (f.help && !out.has(`field.${f.key}.help`)) out.set(`field.${f.key}.help`, f.help);
  }
console.log(JSON.stringify([...out]));
