const MAX_LENGTH = 2048;
const MAX_DECODES = 4;

/**
 * Whether `text`, and every percent-decoding of it, is a path on this site: one leading `/`,
 * no second `/` or `\` anywhere that a browser could read as another host, no control
 * characters or spaces (browsers drop tabs and newlines, so `/\t/evil` is `//evil`).
 */
function isSameOriginPath(text: string): boolean {
  let layer = text;
  for (let i = 0; i <= MAX_DECODES; i++) {
    if (!layer.startsWith('/') || layer.includes('//') || layer.includes('\\') || /[^\x21-\x7e]/.test(layer)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return false;
    }
    if (decoded === layer) return true;
    layer = decoded;
  }
  // Still changing after several decodings: nobody sends that by accident.
  return false;
}

/** `value` if it is a same-origin path (a `next` or return parameter), else `fallback`. The one check for every redirect target taken from a request. */
export function safeReturnPath<F>(value: unknown, fallback: F): string | F {
  return typeof value === 'string' && value.length <= MAX_LENGTH && isSameOriginPath(value) ? value : fallback;
}
