/**
 * Path globs for `deploy.riskPaths`: `*` matches within one folder, `**` across folders, and `**` followed by `/`
 * also matches nothing (so "**" + "/*.sql" matches `a.sql`); every other character is literal.
 *
 * Matching runs a small NFA over the path: each character advances a set of positions in the glob, so the time is
 * (path length × glob length) whatever the glob. The regular expression this replaced backtracked: three `**` in
 * one glob took 8.7 s on one 4,000-character path, from a branch anyone can push.
 */
type Token =
  | { kind: 'char'; char: string }
  | { kind: 'star' } // [^/]*
  | { kind: 'any' } // .*
  | { kind: 'optional'; skipTo: number }; // the next tokens (`**` then `/`) may be skipped as a whole

const compiled = new Map<string, Token[]>();

export function globMatch(glob: string, path: string): boolean {
  const tokens = compiled.get(glob) ?? compile(glob);
  let current = closure(tokens, [0]);
  for (let i = 0; i < path.length && current.size > 0; i += 1) {
    const char = path[i]!;
    const next: number[] = [];
    for (const at of current) {
      const token = tokens[at];
      if (!token || token.kind === 'optional') continue;
      if (token.kind === 'char') {
        if (token.char === char) next.push(at + 1);
      } else if (token.kind === 'any' || char !== '/') next.push(at);
    }
    current = closure(tokens, next);
  }
  return current.has(tokens.length);
}

function compile(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i += 1) {
    if (glob.startsWith('**/', i)) {
      tokens.push({ kind: 'optional', skipTo: tokens.length + 3 }, { kind: 'any' }, { kind: 'char', char: '/' });
      i += 2;
    } else if (glob.startsWith('**', i)) {
      tokens.push({ kind: 'any' });
      i += 1;
    } else if (glob[i] === '*') {
      tokens.push({ kind: 'star' });
    } else {
      tokens.push({ kind: 'char', char: glob[i]! });
    }
  }
  compiled.set(glob, tokens);
  return tokens;
}

/** The positions reachable without consuming a character: past a `*` or `**` (they match nothing too), or past a skipped `**` + `/`. */
function closure(tokens: Token[], start: number[]): Set<number> {
  const reached = new Set<number>();
  const pending = [...start];
  while (pending.length > 0) {
    const at = pending.pop()!;
    if (reached.has(at)) continue;
    reached.add(at);
    const token = tokens[at];
    if (!token || token.kind === 'char') continue;
    pending.push(at + 1);
    if (token.kind === 'optional') pending.push(token.skipTo);
  }
  return reached;
}
