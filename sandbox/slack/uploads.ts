import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.js';
import type { Workspace } from './workspace.js';

/** The upload URL that files.getUploadURLExternal hands out: the file's bytes, kept with its entry. */
export async function receiveUpload(
  workspace: Workspace,
  fileId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const file = workspace.files.get(fileId);
  if (!file) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  // @slack/web-api's files.uploadV2 posts multipart/form-data; a raw body is accepted too, as Slack does.
  file.bytes = type.startsWith('multipart/form-data') ? await filePart(body, type) : body;
  if (file.bytes.subarray(1, 4).toString() === 'PNG') file.ref.mimetype = 'image/png';
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.bytes.length}`);
}

/** The first file in a multipart/form-data body (or the body itself when there is none). */
async function filePart(body: Buffer, contentType: string): Promise<Buffer> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()].find((value) => typeof value !== 'string');
  return part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : body;
}
