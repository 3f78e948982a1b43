/**
 * Words from people (and from Slack) on their way into a GitHub issue. GitHub turns `@name` and `@org/team`
 * into notifications and `#12`, `GH-12` and `owner/repo#12` into cross-references, and renders raw HTML.
 * What the person wrote as code (`inline` or fenced) is left exactly as written; everything else has its HTML
 * escaped and each mention or reference wrapped in backticks, so it reads the same and pings nobody.
 */
export function githubMarkdown(text: string): string {
  return splitCode(text)
    .map((part) => (part.code ? part.text : neutralise(escapeHtml(part.text.replaceAll('`', '\\`')))))
    .join('');
}

/** An issue title is plain text on GitHub: mentions and references are wrapped, nothing else changes. */
export function githubTitle(text: string): string {
  return neutralise(text);
}

const escapeHtml = (t: string): string => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `@user`, `@org/team`; not an e-mail address or a path (`a@b.c`, `/@x`). */
const MENTION = /(?<![\w/.@-])@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9_.-]+)?/g;
/** `owner/repo#12`, `#12`, `GH-12`; not an entity (`&#12;`) or a URL fragment (`page#12`). */
const REFERENCE = /(?<![\w&#/])(?:[\w.-]+\/[\w.-]+#\d+|#\d+|GH-\d+)\b/gi;

/** Links are left whole: GitHub does not look for mentions inside them. */
const URL = /(https?:\/\/(?:(?!&lt;|&gt;)[^\s<>()])+)/;

function neutralise(t: string): string {
  return t
    .split(URL)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(MENTION, (m) => `\`${m}\``).replace(REFERENCE, (m) => `\`${m}\``),
    )
    .join('');
}

interface Part {
  text: string;
  code: boolean;
}

const FENCE = /^ {0,3}(`{3,}(?=[^`\n]*$)|~{3,})/;

/** Fenced blocks (``` or ~~~ opening a line, to the closing fence or the end), then inline code spans in the rest. */
function splitCode(text: string): Part[] {
  const parts: Part[] = [];
  const lines = text.split('\n');
  let prose: string[] = [];
  const flush = () => {
    if (prose.length) parts.push(...splitInline(prose.join('\n')));
    prose = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const marker = FENCE.exec(lines[i]!)?.[1];
    if (!marker) {
      prose.push(lines[i]! + (i < lines.length - 1 ? '\n' : ''));
      continue;
    }
    const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end += 1;
    const last = Math.min(end, lines.length - 1);
    flush();
    parts.push({ text: lines.slice(i, last + 1).join('\n') + (last < lines.length - 1 ? '\n' : ''), code: true });
    i = last;
  }
  flush();
  return parts.filter((p) => p.text !== '');
}

/** Inline code: a run of backticks up to the next run of the same length; an unmatched run is prose. */
function splitInline(text: string): Part[] {
  const parts: Part[] = [];
  let prose = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      prose += text[i];
      i += 1;
      continue;
    }
    const run = /^`+/.exec(text.slice(i))![0];
    const closing = findClosingRun(text, i + run.length, run.length);
    if (closing < 0) {
      prose += run;
      i += run.length;
      continue;
    }
    if (prose) parts.push({ text: prose, code: false });
    prose = '';
    parts.push({ text: text.slice(i, closing + run.length), code: true });
    i = closing + run.length;
  }
  if (prose) parts.push({ text: prose, code: false });
  return parts;
}

/** Where a run of exactly `length` backticks starts at or after `from`; -1 when none does. */
function findClosingRun(text: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === length) return m.index;
  }
  return -1;
}
