import type { Locator, Page } from 'playwright-core';

/** The flow editor as a user works it: palette, canvas, inspector, problems, lifecycle buttons. */
export class FlowEditorPage {
  constructor(private readonly page: Page) {}

  canvas(): Locator {
    return this.page.getByTestId('flow-canvas');
  }

  step(id: string): Locator {
    return this.page.getByTestId(`step-${id}`);
  }

  /** Drags a step type from the palette and drops it at (x, y) inside the canvas. */
  async drop(type: string, x: number, y: number): Promise<void> {
    await this.page.getByTestId(`palette-${type}`).dragTo(this.canvas(), { targetPosition: { x, y } });
  }

  /** Draws a connection from a step's exit handle to another step's input handle. */
  async connect(from: string, exit: string, to: string): Promise<void> {
    const source = await this.page.getByTestId(`exit-${from}-${exit}`).boundingBox();
    const target = await this.step(to).locator('.react-flow__handle.target').boundingBox();
    if (!source || !target) throw new Error(`cannot see the handles of ${from}/${exit} or ${to}`);
    await this.page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Selects a step by clicking its title, which opens its settings. */
  async select(id: string): Promise<void> {
    await this.step(id).locator('.step-label').click();
    await this.page.getByRole('complementary', { name: 'Step settings' }).waitFor();
  }

  inspector(): Locator {
    return this.page.getByRole('complementary', { name: 'Step settings' });
  }

  problems(): Locator {
    return this.page.getByRole('list', { name: 'Problems' });
  }

  status(): Locator {
    return this.page.getByTestId('flow-status');
  }
}
