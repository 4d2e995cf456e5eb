import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { useEngine } from '../../tests/helpers/engine';

describe('the message template library', () => {
  const { engine } = useEngine();

  test('a message saved as a template starts campaigns and send steps, and the library says where each is used', async () => {
    const content = { ...defaultNodeData('send'), channel: 'sms' as const, body: 'Bienvenue {{ customer.first_name }} !', variants: { ar: { body: 'أهلا {{ customer.first_name }}' } } };
    const template = await engine().call('templates/save', { name: 'Bienvenue SMS', channel: 'sms', content });
    expect(template).toMatchObject({ name: 'Bienvenue SMS', channel: 'sms', usedBy: [], content: { body: content.body, variants: content.variants } });
    await expect(engine().call('templates/save', { name: 'bienvenue sms', channel: 'sms', content })).rejects.toThrow(/already called/);
    await expect(engine().call('templates/save', { name: 'Broken', channel: 'sms', content: { ...content, body: '{% include "x" %}' } })).rejects.toThrow(/content\.body/);

    const fromTemplate = { ...template.content, libraryTemplateId: template.id };
    const campaign = await engine().call('campaigns/save', {
      name: 'Welcome wave',
      channel: 'sms',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: fromTemplate,
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    const flow = await engine().call('flows/create', { name: 'Onboarding SMS', templateId: 'onboarding' });
    const send = flow.draft.nodes.find((n) => n.type === 'send')!;
    await engine().call('flows/save', {
      id: flow.id,
      definition: { ...flow.draft, nodes: flow.draft.nodes.map((n) => (n.id === send.id ? { ...n, data: { ...fromTemplate } } : n)) },
    });
    const [listed] = (await engine().call('templates/list', { channel: 'sms' })).templates;
    expect(listed!.usedBy).toEqual([
      { kind: 'campaign', id: campaign.id, name: 'Welcome wave' },
      { kind: 'flow', id: flow.id, name: 'Onboarding SMS' },
    ]);
    expect((await engine().call('templates/list', { channel: 'email' })).templates).toEqual([]);

    // Deleting the template leaves the messages started from it as they are.
    await engine().call('templates/delete', { id: template.id });
    expect((await engine().call('templates/list', {})).templates).toEqual([]);
    expect((await engine().call('campaigns/get', { id: campaign.id })).content.body).toBe(content.body);
  });
});
