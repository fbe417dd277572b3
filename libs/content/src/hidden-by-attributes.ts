/**
 * Whether an element's attributes hide it from a reader: `hidden`, `aria-hidden="true"`, a closed
 * <details> or <dialog>, or an inline style that makes its text invisible. Such an element is
 * dropped with its content. The canonical form keeps no attribute at all, so any hiding style not
 * recognised here simply stops hiding: the text then shows in the preview and prints alike.
 */
export function hiddenByAttributes(tag: string, attribs: Record<string, string>): boolean {
  if ('hidden' in attribs) return true;
  if ((attribs['aria-hidden'] ?? '').trim().toLowerCase() === 'true') return true;
  if ((tag === 'details' || tag === 'dialog') && !('open' in attribs)) return true;
  if (tag === 'font' && attribs.color && invisibleColor(attribs.color)) return true;
  return !!attribs.style && styleHides(attribs.style);
}

const cssUnescape = (s: string) =>
  s.replace(/\\([0-9a-f]{1,6})\s?|\\(.)/gi, (_, hex: string | undefined, ch: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16) || 0xfffd) : ch!,
  );

function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of cssUnescape(style.replace(/\/\*[\s\S]*?\*\//g, '')).split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const value = decl
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    out.set(decl.slice(0, colon).trim().toLowerCase(), value);
  }
  return out;
}

/** A CSS length in px (em and rem taken as 16 px, % of a 16 px font); NaN when it is not one. */
function px(value: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(px|pt|pc|em|rem|ex|ch|%|cm|mm|in|q|vw|vh|vmin|vmax)?$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = m[2] ?? 'px';
  const scale: Record<string, number> = { px: 1, pt: 4 / 3, pc: 16, em: 16, rem: 16, ex: 8, ch: 8, '%': 0.16, cm: 37.8, mm: 3.78, in: 96, q: 0.945 };
  return n * (scale[unit] ?? 10);
}

const NEAR_WHITE = 'white snow honeydew mintcream azure aliceblue ghostwhite whitesmoke seashell ivory floralwhite lavenderblush'.split(' ');

/** White (or nearly, on a white page) or fully transparent. */
export function invisibleColor(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'transparent' || NEAR_WHITE.includes(v)) return true;
  const light = (r: number, g: number, b: number, a = 1) => a <= 0.1 || Math.min(r, g, b) >= 235;
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(v);
  if (hex) {
    const h = hex[1].length <= 4 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    const [r, g, b, a = 255] = h.match(/../g)!.map((x) => parseInt(x, 16));
    return light(r, g, b, a / 255);
  }
  const fn = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(v);
  if (!fn) return false;
  const parts = fn[2].split(/[\s,/]+/).filter(Boolean);
  const num = (s: string | undefined, full: number) => (s === undefined ? NaN : s.endsWith('%') ? (parseFloat(s) / 100) * full : parseFloat(s));
  const alpha = parts.length > 3 ? num(parts[3], 1) : 1;
  if (fn[1].startsWith('rgb')) return light(num(parts[0], 255), num(parts[1], 255), num(parts[2], 255), alpha);
  return alpha <= 0.1 || num(parts[2], 100) >= 92;
}

function styleHides(style: string): boolean {
  const d = declarations(style);
  const get = (p: string) => d.get(p) ?? '';
  if (get('display') === 'none') return true;
  if (['hidden', 'collapse'].includes(get('visibility')) || get('content-visibility') === 'hidden') return true;
  const opacity = get('opacity');
  if (opacity && parseFloat(opacity) / (opacity.endsWith('%') ? 100 : 1) <= 0.1) return true;
  const filterOpacity = /opacity\(\s*([\d.]+)(%?)\s*\)/.exec(get('filter'));
  if (filterOpacity && parseFloat(filterOpacity[1]) / (filterOpacity[2] ? 100 : 1) <= 0.1) return true;
  // Text 3 px high or less is not read; in the font shorthand the size is the first length (before any /line-height).
  const tiny = (v: string | undefined) => v !== undefined && px(v) <= 3;
  if (
    tiny(get('font-size')) ||
    tiny(
      get('font')
        .split(/\s+/)
        .map((t) => t.split('/')[0])
        .find((t) => /^(0|[\d.]+[a-z%]+)$/.test(t)),
    )
  )
    return true;
  const background = get('background-color') || get('background');
  const onWhite = !background || invisibleColor(background);
  if (onWhite && ['color', '-webkit-text-fill-color'].some((p) => d.has(p) && invisibleColor(get(p)))) return true;
  if ((d.has('clip') && get('clip') !== 'auto') || (d.has('clip-path') && get('clip-path') !== 'none')) return true;
  for (const m of get('transform').matchAll(/scale[a-z0-9]*\(([^)]*)\)/g))
    if (m[1].split(/[\s,]+/).some((n) => n !== '' && parseFloat(n) === 0)) return true;
  const clipped = ['overflow', 'overflow-x', 'overflow-y'].some((p) => ['hidden', 'clip'].includes(get(p)));
  if (clipped && ['width', 'height', 'max-width', 'max-height'].some((p) => px(get(p)) <= 1)) return true;
  return ['text-indent', 'left', 'top', 'margin-left', 'margin-top'].some((p) => px(get(p)) <= -100);
}
