/** The two small formats every surface shares, so a user reads one style wherever the bot speaks. */

/** A word the user typed, echoed back in a message: at most `max` characters, then "…". */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * How long something took or lasts, in one style: "12s", "4m 2s", "1h 5m", "2d 3h". Two units at most, rounded
 * to the smaller; a zero smaller unit is left out ("10m", "2h").
 */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3_600) return twoUnits(Math.floor(seconds / 60), 'm', seconds % 60, 's');
  const minutes = Math.round(seconds / 60);
  if (minutes < 24 * 60) return twoUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'm');
  const hours = Math.round(minutes / 60);
  return twoUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

const twoUnits = (large: number, largeUnit: string, small: number, smallUnit: string): string =>
  small ? `${large}${largeUnit} ${small}${smallUnit}` : `${large}${largeUnit}`;
