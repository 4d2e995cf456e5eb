import { describe, expect, test } from 'vitest';
import { useWebApp } from '../helpers/web-app';

/** The canvas as a CRM manager works it for a day (issue 23): fit view, shortcuts after a click on empty canvas. */
describe('web mode: a canvas that behaves', () => {
  const app = useWebApp({
    page: { viewport: { width: 1366, height: 768 } },
    prepare: async (host) => {
      await host.call('flows/create', { name: 'Panier', templateId: 'abandoned-cart-email' });
    },
  });
  const transform = () => app.page.locator('.react-flow__viewport').getAttribute('style');
  /** The view once its animation has ended: two reads a moment apart agree. */
  const settled = async () => {
    await expect
      .poll(async () => {
        const before = await transform();
        await app.page.waitForTimeout(250);
        return before === (await transform());
      })
      .toBe(true);
    return transform();
  };

  test('fit view (button and F) brings the whole flow back into view after panning it away', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Flows/ }).click();
    await page.getByRole('button', { name: 'Panier', exact: true }).click();
    await page.getByTestId('flow-canvas').waitFor();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(3);
    const opened = await settled();
    // A short flow opens whole: every step inside the canvas.
    const frame = (await page.getByTestId('flow-canvas').boundingBox())!;
    type Box = { left: number; right: number; top: number; bottom: number };
    const boxes = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { getBoundingClientRect(): { toJSON(): Box } }).getBoundingClientRect().toJSON()));
    const outside = boxes.filter((b) => b.left < frame.x || b.right > frame.x + frame.width || b.top < frame.y || b.bottom > frame.y + frame.height);
    expect(outside).toEqual([]);
    // Pan far away with the wheel on empty canvas.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    await page.mouse.move(pane!.x + 20, pane!.y + 20);
    await page.mouse.wheel(0, 3000);
    await expect.poll(transform).not.toBe(opened);
    const panned = await transform();
    await page.getByRole('button', { name: 'Fit the flow in view' }).click();
    await expect.poll(transform).not.toBe(panned);
    const fitted = await settled();

    await page.mouse.move(pane!.x + 20, pane!.y + 20);
    await page.mouse.wheel(0, 3000);
    await expect.poll(transform).not.toBe(fitted);
    // A click on empty canvas, then F: the shortcut still works.
    await page.mouse.click(pane!.x + pane!.width - 30, pane!.y + pane!.height - 150);
    await page.keyboard.press('f');
    await expect.poll(settled).toBe(fitted);
    expect(app.problems).toEqual([]);
  });

  test('the overview never covers a step once the flow is fitted, can be put away, and connection points are big enough to hit', async () => {
    const page = app.page;
    const overview = page.locator('.react-flow__minimap');
    await overview.waitFor();
    await page.keyboard.press('f');
    await settled();
    const box = (await overview.boundingBox())!;
    type Box = { left: number; right: number; top: number; bottom: number };
    const steps = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { getBoundingClientRect(): { toJSON(): Box } }).getBoundingClientRect().toJSON()));
    expect(steps.length).toBeGreaterThan(3);
    const covered = steps.filter((s) => s.left < box.x + box.width && s.right > box.x && s.top < box.y + box.height && s.bottom > box.y);
    expect(covered).toEqual([]);

    const handle = page.locator('.react-flow__node .react-flow__handle').first();
    type StyleOf = (element: unknown, pseudo?: string) => { width: string; inset: string };
    const style = (pseudo?: string) =>
      handle.evaluate((h, p) => {
        const computed = (globalThis as unknown as { getComputedStyle: StyleOf }).getComputedStyle(h, p);
        return { width: computed.width, inset: computed.inset };
      }, pseudo);
    expect((await style()).width).toBe('14px');
    // The dot's hit area reaches 8 px beyond it on each side.
    expect((await style('::after')).inset).toBe('-8px');

    const toggle = page.getByRole('button', { name: 'Show or hide the flow overview' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    await expect.poll(() => overview.count()).toBe(0);
    await toggle.click();
    await expect.poll(() => overview.count()).toBe(1);
  });

  test('a modal dialog gives focus back to what opened it; a sidebar hint shows on keyboard focus', async () => {
    const page = app.page;
    const publish = page.getByRole('button', { name: 'Publish…' });
    await publish.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Publish version/ });
    await dialog.waitFor();
    // Modal: the page behind cannot be clicked (a press on the toolbar's button lands on the dialog's backdrop).
    const at = (await publish.boundingBox())!;
    const hit = await page.evaluate(
      ([x, y]) => (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { tagName: string } | null } }).document.elementFromPoint(x!, y!)?.tagName,
      [at.x + at.width / 2, at.y + at.height / 2],
    );
    expect(hit).toBe('DIALOG');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => publish.evaluate((button) => button === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);

    await page
      .locator('nav.sidebar')
      .getByRole('button', { name: /^Flows/ })
      .focus();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('Flows (Alt+1)');
  });

  test('dropping a step and adding one with Enter leave the view where it is; steps added one after another do not stack', async () => {
    const page = app.page;
    const before = await settled();
    const count = await page.locator('.react-flow__node').count();
    await page.getByTestId('palette-wait_delay').dragTo(page.getByTestId('flow-canvas'), { targetPosition: { x: 300, y: 200 } });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(count + 1);
    expect(await settled()).toBe(before);
    await page.getByTestId('palette-exit').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('palette-exit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(count + 3);
    expect(await settled()).toBe(before);
    const exits = await page.locator('.react-flow__node:has(.step-end)').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { style: { transform: string } }).style.transform));
    expect(new Set(exits).size).toBe(exits.length);
  });

  test('steps connect without a mouse: the inspector says where each exit leads, and a choice there draws the connection', async () => {
    const page = app.page;
    const connections = () => page.locator('.react-flow__edge').count();
    const before = await connections();
    await page
      .locator('.react-flow__node:has(.step-wait) .step-label', { hasText: /^Wait$/ })
      .first()
      .click();
    const next = page.getByRole('combobox', { name: 'Next step' });
    expect(await next.inputValue()).toBe('');
    const exitStep = await next.locator('option', { hasText: /^Exit/ }).first().getAttribute('value');
    await next.focus();
    await next.selectOption(exitStep!);
    await expect.poll(connections).toBe(before + 1);
    // Undo takes it back, as for a connection drawn with the mouse.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect.poll(connections).toBe(before);
  });

  test('a value the engine refuses on save is said in the UI’s words, not the validator’s', async () => {
    const page = app.page;
    // The wait dropped from the palette above: 200,000 days is past the engine's limit.
    await page
      .locator('.react-flow__node:has(.step-wait) .step-label', { hasText: /^Wait$/ })
      .first()
      .click();
    await page.getByRole('spinbutton', { name: 'Wait for amount' }).fill('200000');
    await page.keyboard.press('Control+s');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Delay must be at most 100000.');
    expect(app.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    await page.getByRole('spinbutton', { name: 'Wait for amount' }).fill('2');
  });

  test('at 1024x700 the canvas keeps at least half the width; the side panel is a drawer that can be put away and comes back with a step', async () => {
    const page = app.page;
    await page.setViewportSize({ width: 1024, height: 700 });
    const canvas = page.getByTestId('flow-canvas');
    await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThanOrEqual(512);
    const side = page.locator('#flow-side');
    expect(await side.isVisible()).toBe(true);
    // Fitting keeps the flow clear of the drawer over the canvas's right edge.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('f');
    await settled();
    const drawerLeft = (await side.boundingBox())!.x;
    type Box = { right: number };
    const rights = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect().right));
    expect(rights.filter((right) => right > drawerLeft)).toEqual([]);
    await page.getByRole('button', { name: 'Hide the side panel' }).click();
    expect(await side.isVisible()).toBe(false);
    await page.locator('.react-flow__node .step-label').first().click();
    await expect.poll(() => side.isVisible()).toBe(true);
    // The whole sidebar folds away too, giving the canvas its width; it is remembered after a reload.
    const widthBefore = (await canvas.boundingBox())!.width;
    await page.getByRole('button', { name: /Collapse the sidebar/ }).click();
    await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(widthBefore + 80);
    // The palette folds to a strip as well.
    const withPalette = (await canvas.boundingBox())!.width;
    await page.getByRole('button', { name: /Hide the steps/ }).click();
    await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(withPalette + 60);
    expect(await page.getByTestId('palette-wait_delay').count()).toBe(0);
    await page.reload();
    await page.getByRole('button', { name: 'Panier', exact: true }).click();
    await page.getByRole('button', { name: /Show the steps to add/ }).click();
    await page.getByTestId('palette-wait_delay').waitFor();
    await page.getByRole('button', { name: /Expand the sidebar/ }).click();
    await page.getByRole('button', { name: /Collapse the sidebar/ }).waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});
