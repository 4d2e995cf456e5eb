import { toCsv } from '../../../shared/domain/csv-export';
import { downloadText } from '../../download';
import { i18n } from '../../i18n';

/**
 * Tables leave as CSV (shared/domain/csv-export: quoting and formula escaping), charts as the SVG recharts drew or as a PNG
 * painted from that SVG at twice its size. Everything happens in the window: nothing is uploaded.
 */
export function downloadCsv(fileName: string, header: string[], rows: (string | number | null)[][]): void {
  downloadText(fileName, `\uFEFF${toCsv(header, rows)}`);
}

/** The chart's own surface (legend icons are small recharts surfaces too). */
function chartSurface(container: HTMLElement): SVGSVGElement {
  const svg = container.querySelector('.recharts-wrapper > svg.recharts-surface') as SVGSVGElement | null;
  if (!svg) throw new Error(i18n.t('report.notDrawn'));
  return svg;
}

function svgText(container: HTMLElement): string {
  const svg = chartSurface(container);
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // A white page behind the chart, as it looks on screen.
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

export function downloadSvg(fileName: string, container: HTMLElement): void {
  downloadText(fileName, svgText(container), 'image/svg+xml');
}

export async function downloadPng(fileName: string, container: HTMLElement): Promise<void> {
  const { width, height } = chartSurface(container).getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([svgText(container)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(i18n.t('report.notImage')));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * 2);
    canvas.height = Math.round(height * 2);
    const context = canvas.getContext('2d')!;
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))), 'image/png'));
    const link = document.createElement('a');
    const pngUrl = URL.createObjectURL(png);
    link.href = pngUrl;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(pngUrl), 10_000);
  } finally {
    URL.revokeObjectURL(url);
  }
}
