import type { DemoImageSpec } from './demo-catalog.ts';
import type { IconName } from './taxonomy/index.ts';

/**
 * The SVG of a generated product image: a department-tinted gradient, a soft pattern that
 * differs per tone, a simple icon for the department and the product's short name. Pure;
 * images.ts rasterizes it with sharp.
 */

const canvasSize = 800;
const labelWidthMax = 680;

// Icons are drawn in a 200×200 box. Filled parts use the accent colour, lines the ink colour.
const icons: Readonly<Record<IconName, string>> = {
  headphones:
    '<path d="M40 125 V100 A60 60 0 0 1 160 100 V125" fill="none" class="line"/>' +
    '<rect x="24" y="108" width="38" height="64" rx="14" class="fill"/><rect x="138" y="108" width="38" height="64" rx="14" class="fill"/>',
  laptop:
    '<rect x="38" y="38" width="124" height="88" rx="8" class="fill"/><rect x="50" y="50" width="100" height="64" rx="3" class="glass"/>' +
    '<path d="M16 140 H184 L172 160 H28 Z" class="fill"/>',
  phone:
    '<rect x="58" y="16" width="84" height="168" rx="18" class="fill"/><rect x="68" y="34" width="64" height="120" rx="4" class="glass"/>' +
    '<circle cx="100" cy="168" r="6" class="glass"/>',
  pot:
    '<path d="M40 82 H160 V148 A22 22 0 0 1 138 170 H62 A22 22 0 0 1 40 148 Z" class="fill"/>' +
    '<path d="M16 98 H40 M160 98 H184" class="line"/><path d="M48 70 Q100 38 152 70" fill="none" class="line"/>' +
    '<circle cx="100" cy="46" r="8" class="fill"/>',
  chair:
    '<rect x="56" y="26" width="88" height="76" rx="14" class="fill"/><rect x="44" y="108" width="112" height="22" rx="8" class="fill"/>' +
    '<path d="M62 130 L50 182 M138 130 L150 182" class="line"/>',
  shirt:
    '<path d="M70 28 L40 44 L18 86 L44 100 L56 82 V176 H144 V82 L156 100 L182 86 L160 44 L130 28 Q100 56 70 28 Z" class="fill"/>',
  shoe:
    '<path d="M18 142 V88 Q18 78 30 78 H70 L96 108 Q142 114 172 124 Q186 130 186 146 V154 H18 Z" class="fill"/>' +
    '<path d="M18 154 H186" class="line"/><path d="M74 96 L84 90 M82 106 L94 98" class="line"/>',
  ball:
    '<circle cx="100" cy="100" r="76" class="fill"/>' +
    '<path d="M24 100 H176 M100 24 Q146 100 100 176 M100 24 Q54 100 100 176" fill="none" class="line"/>',
  blocks:
    '<rect x="28" y="112" width="68" height="64" rx="6" class="fill"/><rect x="104" y="112" width="68" height="64" rx="6" class="fill"/>' +
    '<rect x="66" y="40" width="68" height="64" rx="6" class="fill"/>' +
    '<circle cx="86" cy="34" r="8" class="fill"/><circle cx="114" cy="34" r="8" class="fill"/>',
  book:
    '<path d="M100 52 Q64 30 24 40 V166 Q64 156 100 176 Q136 156 176 166 V40 Q136 30 100 52 Z" class="fill"/>' +
    '<path d="M100 52 V176" class="line"/>',
  bottle:
    '<rect x="82" y="16" width="36" height="26" rx="4" class="fill"/><rect x="88" y="42" width="24" height="22" class="fill"/>' +
    '<rect x="54" y="64" width="92" height="118" rx="24" class="fill"/><rect x="70" y="100" width="60" height="46" rx="4" class="glass"/>',
  leaf: '<path d="M38 168 Q28 62 168 32 Q168 150 38 168 Z" class="fill"/><path d="M38 168 Q92 110 142 60" fill="none" class="line"/>',
};

export function productImageSvg(spec: DemoImageSpec, sizePx: number): string {
  const hueEnd = (spec.hue + 18 + spec.tone * 24) % 360;
  const ink = `hsl(${spec.hue}, 45%, 24%)`;
  const accent = `hsl(${spec.hue}, 62%, ${spec.tone === 0 ? 58 : 50}%)`;
  const labelSizePx = Math.min(60, Math.floor(labelWidthMax / (0.62 * Math.max(1, spec.label.length))));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePx}" height="${sizePx}" viewBox="0 0 ${canvasSize} ${canvasSize}">`,
    '<defs>',
    `<linearGradient id="bg" x1="0" y1="0" x2="${spec.tone === 0 ? 1 : 0}" y2="1">`,
    `<stop offset="0" stop-color="hsl(${spec.hue}, 60%, 94%)"/><stop offset="1" stop-color="hsl(${hueEnd}, 52%, 80%)"/>`,
    '</linearGradient>',
    `<style>.fill{fill:${accent};stroke:${ink};stroke-width:6;stroke-linejoin:round}` +
      `.line{stroke:${ink};stroke-width:10;stroke-linecap:round}.glass{fill:hsl(${spec.hue}, 70%, 92%)}</style>`,
    '</defs>',
    `<rect width="${canvasSize}" height="${canvasSize}" fill="url(#bg)"/>`,
    patternFor(spec.tone),
    '<circle cx="400" cy="330" r="220" fill="#ffffff" fill-opacity="0.55"/>',
    `<g transform="translate(240 170) scale(1.6)">${icons[spec.icon]}</g>`,
    `<text x="400" y="650" text-anchor="middle" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-weight="bold" font-size="${labelSizePx}" fill="${ink}">${escapeXml(spec.label)}</text>`,
    `<text x="400" y="712" text-anchor="middle" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="26" letter-spacing="4" fill="${ink}" fill-opacity="0.7">${escapeXml(spec.departmentName.toUpperCase())}</text>`,
    '</svg>',
  ].join('');
}

/** Tone 0: soft circles; tone 1: diagonal bands. Gives each slot two distinct images. */
function patternFor(tone: number): string {
  if (tone === 0) {
    return (
      '<g fill="#ffffff" fill-opacity="0.22"><circle cx="90" cy="110" r="70"/><circle cx="720" cy="90" r="110"/>' +
      '<circle cx="700" cy="700" r="150"/><circle cx="120" cy="720" r="60"/></g>'
    );
  }
  return (
    '<g fill="#ffffff" fill-opacity="0.18"><path d="M0 160 L160 0 H260 L0 260 Z"/><path d="M540 800 L800 540 V640 L640 800 Z"/>' +
    '<path d="M0 520 L520 0 H580 L0 580 Z"/></g>'
  );
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
