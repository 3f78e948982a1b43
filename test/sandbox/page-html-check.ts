// Shared by the page tests: proves rendered HTML carries no live markup from its input.
const TAGS = new Set([
  'a',
  'b',
  'i',
  's',
  'br',
  'code',
  'pre',
  'span',
  'div',
  'hr',
  'img',
  'figure',
  'figcaption',
  'button',
  'select',
  'option',
  'optgroup',
  'input',
  'textarea',
  'label',
  'ul',
  'ol',
  'li',
  'blockquote',
  'header',
  'footer',
  'h2',
]);
const ATTRS =
  /^(class|id|type|href|src|alt|target|rel|value|selected|checked|multiple|name|placeholder|role|title|rows|maxlength|min|max|step|label|style|(data|aria)-[a-z-]+)$/;

/** Escaped text never contains a raw '<', so every '<' must open a tag we emit: check tags, attributes and URLs. */
export function inertProblems(html: string): string[] {
  const problems: string[] = [];
  const tag = /<(\/?)([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*>/g;
  const rest = html.replace(tag, (_, close: string, name: string, attrs: string) => {
    if (!TAGS.has(name.toLowerCase())) problems.push(`unexpected tag <${close}${name}>`);
    for (const [, attr, value] of attrs.matchAll(/\s+([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
      if (!ATTRS.test(attr!)) problems.push(`unexpected attribute ${attr} on <${name}>`);
      if ((attr === 'href' || attr === 'src') && !/^(https?:|mailto:|\/(?!\/)|\.\/|data:image\/)/i.test(value ?? ''))
        problems.push(`unsafe ${attr}="${value}"`);
      if (attr === 'style' && /url|expression|javascript/i.test(value ?? '')) problems.push(`unsafe style="${value}"`);
    }
    return '';
  });
  for (const char of ['<', '>', '"'])
    if (rest.includes(char))
      problems.push(
        `raw ${char} outside a tag near: ${rest.slice(Math.max(0, rest.indexOf(char) - 40), rest.indexOf(char) + 40)}`,
      );
  return problems;
}
