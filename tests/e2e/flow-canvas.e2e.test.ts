import { describe, expect, test } from 'vitest';
import type { FlowDetail } from '../../shared/domain/flow-summary';
import { useWebApp } from '../helpers/web-app';
import { FlowEditorPage } from './pages/flow-editor-page';

describe('web mode: a journey drawn on the canvas, validated, published, edited and restored', () => {
  const app = useWebApp({ page: { viewport: { width: 1500, height: 950 } } });

  /** The flow as the engine has it, to check that what the screen shows was saved. */
  function apiFlow(name: string): Promise<FlowDetail> {
    return app.host.call('flows/get', { name });
  }

  test('drag, connect, configure, see and fix a problem, publish, edit the live flow, restore version 1', async () => {
    await app.page
      .getByRole('button', { name: /^Flows/ })
      .first()
      .click();
    await app.page.getByRole('textbox', { name: 'New flow name' }).fill('Cart rescue');
    await app.page.getByRole('button', { name: 'Create empty flow' }).click();
    const editor = new FlowEditorPage(app.page);
    await editor.canvas().waitFor();
    await expect.poll(() => editor.problems().textContent()).toContain('needs a trigger');

    // Five steps from the palette, then an exit for both messages.
    await editor.drop('trigger_event', 300, 60);
    await editor.drop('wait_delay', 300, 200);
    await editor.drop('condition', 300, 340);
    await editor.drop('send', 140, 500);
    await editor.drop('send', 460, 500);
    await editor.drop('exit', 300, 660);
    for (const id of ['trigger-1', 'wait-1', 'if-1', 'send-1', 'send-2', 'exit-1']) await editor.step(id).waitFor();

    await editor.connect('trigger-1', 'next', 'wait-1');
    await editor.connect('wait-1', 'next', 'if-1');
    await editor.connect('if-1', 'yes', 'send-1');
    await editor.connect('if-1', 'no', 'send-2');
    await editor.connect('send-1', 'next', 'exit-1');
    await editor.connect('send-2', 'next', 'exit-1');
    // A handle refuses a second connection from an exit that is already used.
    await editor.connect('if-1', 'yes', 'send-2');
    await expect.poll(() => app.page.locator('.react-flow__edge').count()).toBe(6);

    // Configure each step in the inspector.
    await editor.select('trigger-1');
    await editor.inspector().getByRole('combobox', { name: 'Event', exact: true }).fill('add_to_cart');
    await editor.select('wait-1');
    await editor.inspector().getByRole('spinbutton', { name: 'Wait for amount' }).fill('2');
    await editor.inspector().getByRole('combobox', { name: 'Wait for unit' }).selectOption('hours');
    await expect(editor.step('wait-1').textContent()).resolves.toContain('Wait 2 hours');
    await editor.select('if-1');
    await editor.inspector().getByRole('button', { name: '+ Behaviour' }).click();
    await expect(editor.step('if-1').textContent()).resolves.toContain('did add_to_cart at least 1 time in the last 3 days');
    await editor.select('send-1');
    await editor.inspector().getByRole('textbox', { name: 'Title' }).fill('Votre panier');
    await editor.inspector().getByRole('textbox', { name: 'Message' }).fill('{{ customer.first_name }}, vos articles vous attendent.');
    await editor.select('send-2');
    await editor.inspector().getByRole('combobox', { name: 'Channel' }).selectOption('email');
    await editor.inspector().getByRole('textbox', { name: 'Subject' }).fill('Votre panier expire');
    await editor.inspector().getByRole('textbox', { name: 'HTML' }).fill('<p>Revenez vite</p>');

    // One problem left: the marketing email has no unsubscribe link. It shows on the step and in the list.
    await expect.poll(() => editor.problems().locator('li').count()).toBe(1);
    await expect(editor.problems().textContent()).resolves.toContain('unsubscribe');
    await expect(editor.step('send-2').getAttribute('class')).resolves.toContain('step-invalid');
    await expect(app.page.getByRole('button', { name: 'Publish…' }).isDisabled()).resolves.toBe(true);
    await editor.select('trigger-1');
    await editor.problems().getByRole('button').first().click();
    await expect(editor.inspector().getByRole('textbox', { name: 'Subject' }).inputValue()).resolves.toBe('Votre panier expire');
    await editor.inspector().getByRole('textbox', { name: 'HTML' }).fill('<p>Revenez vite</p><a href="{{ unsubscribe_url }}">Se désabonner</a>');
    await expect.poll(() => app.page.getByRole('heading', { name: 'Ready to publish' }).count()).toBe(1);

    await app.page.getByRole('button', { name: 'Publish…' }).click();
    await app.page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click();
    await expect.poll(() => editor.status().textContent()).toBe('live · v1');
    // The side panel no longer offers to publish what is already live.
    await expect.poll(() => app.page.getByRole('heading', { name: 'Version 1 is published: nothing new to publish' }).count()).toBe(1);
    // Live steps show their messages (none yet: journeys run with the engine).
    await expect.poll(() => app.page.getByTestId('counts-send-1').textContent()).toBe('0 sent · 0 queued · 0 failed · 0 suppressed');
    const v1 = await apiFlow('Cart rescue');
    expect(v1).toMatchObject({ status: 'live', version: 1, issues: [] });
    expect(v1.draft.nodes.find((n) => n.id === 'wait-1')!.data).toEqual({ delay: { amount: 2, unit: 'hours' } });

    // Editing the live flow makes a draft; version 1 keeps running until the draft is published.
    await editor.select('send-1');
    await editor.inspector().getByRole('textbox', { name: 'Title' }).fill('Dernière chance');
    await expect.poll(() => editor.status().textContent()).toBe('live · v1 · unsaved changes');
    await app.page.keyboard.press('Control+s');
    await expect.poll(() => editor.status().textContent()).toBe('live · v1 · draft changes');
    await app.page.getByRole('button', { name: 'Publish…' }).click();
    await app.page
      .getByRole('dialog')
      .getByRole('radio', { name: /move to the new version/ })
      .check();
    await app.page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click();
    await expect.poll(() => editor.status().textContent()).toBe('live · v2');

    // The version history: a readable diff, then version 1 restored as the draft.
    await app.page.getByRole('button', { name: /^Versions/ }).click();
    const versions = app.page.getByRole('complementary', { name: 'Versions' });
    await versions.getByRole('combobox', { name: 'Compare from' }).selectOption('1');
    await versions.getByRole('combobox', { name: 'Compare to' }).selectOption('2');
    await versions.getByRole('button', { name: 'Compare' }).click();
    await expect
      .poll(() => versions.getByRole('list', { name: 'Differences' }).textContent())
      .toContain('Changed "Send": push via default provider: "Votre panier" → push via default provider: "Dernière chance"');
    await versions.getByRole('button', { name: 'Restore v1' }).click();
    await expect.poll(() => editor.step('send-1').textContent()).toContain('"Votre panier"');
    await expect.poll(() => editor.status().textContent()).toBe('live · v2 · draft changes');
    const restored = await apiFlow('Cart rescue');
    expect(restored.draft).toEqual(v1.draft);
    expect(restored.versions.map((v) => [v.version, v.entrants])).toEqual([
      [2, 'move'],
      [1, 'stay'],
    ]);

    // A step dropped onto a connection goes between its two ends.
    const edge = await app.page.locator('[aria-label="Edge from send-1 to exit-1"]').boundingBox();
    const canvas = await editor.canvas().boundingBox();
    if (!edge || !canvas) throw new Error('cannot see the connection from send-1 to exit-1');
    await app.page.getByTestId('palette-add_score').dragTo(editor.canvas(), { targetPosition: { x: edge.x + edge.width / 2 - canvas.x, y: edge.y + edge.height / 2 - canvas.y } });
    await editor.step('score-1').waitFor();
    await app.page.keyboard.press('Control+s');
    await expect
      .poll(async () =>
        (await apiFlow('Cart rescue')).draft.edges
          .filter((e) => e.source === 'score-1' || e.target === 'score-1')
          .map((e) => `${e.source}->${e.target}`)
          .sort(),
      )
      .toEqual(['score-1->exit-1', 'send-1->score-1']);

    // Leaving the editor keeps what was changed since the last save.
    await editor.select('score-1');
    await editor.inspector().getByRole('spinbutton', { name: 'Points' }).fill('25');
    await app.page.getByRole('button', { name: '← Flows' }).click();
    await expect.poll(async () => (await apiFlow('Cart rescue')).draft.nodes.find((n) => n.id === 'score-1')?.data).toEqual({ points: 25 });
    expect(app.problems).toEqual([]);
  });

  test('a template too long to fit readably opens at its top, at a zoom its steps can be read at', async () => {
    await app.page
      .getByRole('button', { name: /^Flows/ })
      .first()
      .click();
    await app.page.getByRole('button', { name: 'Use this template: Onboarding' }).click();
    const editor = new FlowEditorPage(app.page);
    const trigger = editor.canvas().locator('.step').filter({ hasText: 'App installed' });
    await trigger.waitFor();
    const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await app.page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1] ?? 0);
    // Fitting all its steps would show them at about a third of their size.
    await expect.poll(zoom, { timeout: 5_000 }).toBeGreaterThanOrEqual(0.6);
    const [step, pane] = [await trigger.boundingBox(), await editor.canvas().boundingBox()];
    if (!step || !pane) throw new Error('cannot see the trigger or the canvas');
    expect(step.y).toBeGreaterThanOrEqual(pane.y);
    expect(step.y + step.height).toBeLessThanOrEqual(pane.y + pane.height);
    expect(step.x).toBeGreaterThanOrEqual(pane.x);
    expect(step.x + step.width).toBeLessThanOrEqual(pane.x + pane.width);
    expect(app.problems).toEqual([]);
  });
});
