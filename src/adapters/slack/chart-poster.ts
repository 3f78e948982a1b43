import type { WebClient } from '@slack/web-api';
import { PortError } from '../../domain/errors.js';
import type { ChartPoster } from '../../ports/chart-poster.js';
import type { Rasterise } from './cost-publisher.js';

/** Charts into a thread: the SVG drawn as PNG (src/adapters/chart/png.ts, off the event loop), then files.uploadV2. */
export function createChartPoster(client: WebClient, toPng: Rasterise): ChartPoster {
  return {
    async post({ channel, threadTs, svg, filename, title }) {
      const png = Buffer.from(await toPng(svg));
      try {
        await client.files.uploadV2({
          file: png,
          filename,
          title,
          alt_text: title,
          channel_id: channel,
          thread_ts: threadTs,
        });
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        throw new PortError(
          'unavailable',
          `Slack could not upload the chart ${filename}${code ? ` (${code})` : ''}`,
          'Slack',
        );
      }
    },
  };
}
