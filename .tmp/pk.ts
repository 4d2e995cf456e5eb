import { PROVIDER_KINDS } from '../shared/domain/providers';
const out: Record<string, string> = {};
for (const k of PROVIDER_KINDS) {
  out[`providerKind.${k.kind}.label`] = k.label;
  out[`providerKind.${k.kind}.statusBack`] = k.statusBack;
  for (const f of k.fields) {
    out[`providerField.${k.kind}.${f.key}.label`] = f.label;
    if (f.help) out[`providerField.${k.kind}.${f.key}.help`] = f.help;
  }
}
for (const [k, v] of Object.entries(out)) console.log(JSON.stringify(k) + ': ' + JSON.stringify(v) + ',');
