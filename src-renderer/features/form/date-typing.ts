/**
 * A date as the citizen types it on the keypad, written the way Mongolian documents write dates
 * (1988.02.14): the dots come by themselves as the digits do, so "19880214" reads 1988.02.14.
 * A dot the citizen types after a one-digit month or day pads it ("1988.2." → "1988.02.");
 * a dot where one already is, or anything that is not a digit, is left out. A dot is put in only
 * when the next digit comes, so erasing never fights the citizen.
 */
export function formatTypedDate(typed: string): string {
  const max = [4, 2, 2];
  const parts: string[] = [''];
  for (const ch of typed) {
    const at = parts.length - 1;
    if (ch >= '0' && ch <= '9') {
      if (parts[at]!.length < max[at]!) parts[at] += ch;
      else if (at < 2) parts.push(ch);
    } else if (ch === '.' || ch === '-' || ch === '/') {
      if (parts[at] === '' || at === 2) continue;
      if (at > 0 && parts[at]!.length === 1) parts[at] = `0${parts[at]}`;
      parts.push('');
    }
  }
  return parts.join('.');
}
