/** The blocks of a message flattened to their text, for assertions about what a user reads. */
export function textOf(message: { text: string; blocks?: unknown[] } | undefined): string {
  if (!message) return '';
  const parts: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') parts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(message.blocks ?? []);
  return parts.join('\n');
}
