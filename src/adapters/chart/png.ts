import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * SVG to PNG with resvg (Rust, prebuilt inside its npm package: no browser, no native build, no download).
 * Fonts come from the `dejavu-fonts-ttf` package, not the system, so a slim container without fonts
 * draws the same chart. Loaded on first use. Rendering runs on libuv's thread pool (`renderAsync`), never
 * on the event loop that acks Slack, and the last few PNGs are kept: the same report asked twice (or by
 * several instances of a retry) is drawn once.
 */

type Resvg = typeof import('@resvg/resvg-js');
let resvg: Promise<Resvg> | undefined;

const require = createRequire(import.meta.url);
const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
const KEEP = 16;
const recent = new Map<string, Promise<Buffer>>();

export function svgToPng(svg: string): Promise<Buffer> {
  const key = createHash('sha256').update(svg).digest('hex');
  let png = recent.get(key);
  if (!png) {
    png = render(svg);
    recent.set(key, png);
    png.catch(() => recent.delete(key));
    if (recent.size > KEEP) recent.delete(recent.keys().next().value!);
  }
  return png;
}

async function render(svg: string): Promise<Buffer> {
  // resvg's loader calls process.report.getReport() to tell glibc from musl; by default that report does a
  // synchronous reverse DNS lookup for every open socket, which froze the bot for minutes under load.
  (process.report as NodeJS.ProcessReport & { excludeNetwork?: boolean }).excludeNetwork = true; // Node ≥ 22.13
  resvg ??= import('@resvg/resvg-js');
  const { renderAsync } = await resvg;
  const image = await renderAsync(svg, {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'original' },
  });
  return image.asPng();
}
