import { describe, expect, test } from 'vitest';
import { defaultFlowSettings, type FlowDefinition } from '../../shared/domain/flow';
import { useEngine, textSource } from '../../tests/helpers/engine';
import { attributeExpression, AttributeIndexes } from '../audience/attribute-indexes';
import { EngineError } from '../errors';
import { jsonMemberPath, sqlStringLiteral } from './sql-names';

/** Names an attacker would try where a name becomes SQL: quotes, comments, JSON-path syntax. */
const HOSTILE = [`x' || char(34))) OR 1 OR ? OR ? --`, `x") OR 1=1 --`, `x'); DROP TABLE customers; --`, 'x"]', '$', 'a\u0000b', `x*/ OR 1 /*`];

const { engine } = useEngine();

const refusedWith = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
};

function dateFlow(field: string): FlowDefinition {
  return {
    nodes: [
      { id: 't', type: 'trigger_date', label: 'On a date', position: { x: 0, y: 0 }, data: { field, direction: 'after', offset: { amount: 1, unit: 'days' }, time: '10:00' } },
      { id: 'a', type: 'set_attribute', label: 'VIP', position: { x: 0, y: 100 }, data: { attribute: 'vip', value: true } },
    ],
    edges: [{ id: 'e', source: 't', exit: 'next', target: 'a' }],
    settings: defaultFlowSettings(),
  } as FlowDefinition;
}

describe('no name from input reaches SQL unchecked', () => {
  test.each(HOSTILE)('the quoting helper refuses %j', (name) => {
    expect(() => jsonMemberPath(name)).toThrow(EngineError);
    expect(() => attributeExpression(name)).toThrow(EngineError);
  });

  test('a literal doubles its quotes', () => {
    expect(sqlStringLiteral(`it's`)).toBe(`'it''s'`);
    expect(jsonMemberPath('orders count')).toBe('$."orders count"');
  });

  test.each(HOSTILE)('segments, event filters, date triggers, set-attribute steps and flow files refuse %j with the field named', async (name) => {
    await engine().call('customers/import', { source: textSource('external_id,vip\nc1,no\nc2,no\n') });
    const segment = await refusedWith(
      engine().call('segments/count', { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: `attributes.${name}`, operator: 'equals', value: 'x' }] } }),
    );
    expect(segment.code).toBe('invalid_input');
    expect(JSON.stringify(segment.details)).toContain('field');

    const behaviour = await refusedWith(
      engine().call('segments/count', {
        filter: {
          type: 'group',
          op: 'and',
          conditions: [
            {
              type: 'behavior',
              event: 'purchase',
              occurrence: { operator: 'at_least', count: 1 },
              window: { amount: 3, unit: 'days' },
              propertyFilters: [{ property: name, operator: 'equals', value: 1 }],
            },
          ],
        },
      }),
    );
    expect(behaviour.code).toBe('invalid_input');

    const flow = await engine().call('flows/create', { name: `Date ${HOSTILE.indexOf(name)}` });
    const trigger = await refusedWith(engine().call('flows/save', { id: flow.id, definition: dateFlow(`attributes.${name}`) }));
    expect(trigger.code).toBe('invalid_input');
    expect(trigger.message).toContain('definition.nodes.0.data.field');
    const setting = await refusedWith(
      engine().call('flows/save', {
        id: flow.id,
        definition: { ...dateFlow('signupAt'), nodes: [dateFlow('signupAt').nodes[0]!, { ...dateFlow('signupAt').nodes[1]!, data: { attribute: name, value: true } }] } as FlowDefinition,
      }),
    );
    expect(setting.message).toContain('definition.nodes.1.data.attribute');

    // The same flow as a file, as someone might send it.
    const file = await engine().call('flows/export', { id: flow.id, version: null });
    const hostileFile = JSON.stringify({ ...file, definition: dateFlow(`attributes.${name}`) });
    const imported = await refusedWith(engine().call('flows/import', { text: hostileFile }));
    expect(imported.code).toBe('invalid_input');
    expect(imported.message).toContain('field');
    // Nobody was touched.
    expect((await engine().call('segments/count', { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'attributes.vip', operator: 'equals', value: 'no' }] } })).count).toBe(
      2,
    );
  });

  test('an index is never built from a name outside the rule', () => {
    const indexes = new AttributeIndexes({} as never);
    expect(indexes.missing(HOSTILE)).toEqual([]);
  });
});
