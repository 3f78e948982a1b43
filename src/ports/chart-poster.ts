/** Posts a chart, drawn as SVG by blocks/, as an image in a message thread. */
export interface ChartPoster {
  post(input: { channel: string; threadTs: string; svg: string; filename: string; title: string }): Promise<void>;
}
