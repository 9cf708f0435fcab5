import { type Html, html } from '../shared/html.ts';

/**
 * Product images are content-addressed by the catalog: `/images/<hash>/<rendition>.webp`
 * with renditions `thumb` (320 px), `medium` (800 px) and `original`, each cached for a
 * year. Lists use the thumbnail (the medium one on dense screens through `srcset`); the
 * product page uses medium.
 */
const renditionPattern = /^(\/images\/[^/]+\/)(thumb|medium|original)\.webp$/;

export function rendition(url: string, size: 'thumb' | 'medium' | 'original'): string {
  const match = renditionPattern.exec(url);
  return match === null ? url : `${match[1]}${size}.webp`;
}

type ImageOptions = {
  readonly alt: string;
  /** The `sizes` attribute: how wide the image is shown. */
  readonly sizes: string;
  readonly eager?: boolean;
  readonly className?: string;
};

/** A responsive `<img>` from any rendition URL of the catalog. */
export function productImage(url: string | null, options: ImageOptions): Html {
  if (url === null) return html`<div class="image-placeholder" role="img" aria-label="${options.alt}"></div>`;
  const thumb = rendition(url, 'thumb');
  const medium = rendition(url, 'medium');
  const srcset = thumb === medium ? undefined : `${thumb} 320w, ${medium} 800w`;
  return html`<img src="${options.eager ? medium : thumb}"${srcset === undefined ? '' : html` srcset="${srcset}" sizes="${options.sizes}"`} alt="${options.alt}" width="800" height="800"${options.eager ? html` fetchpriority="high"` : html` loading="lazy" decoding="async"`}${options.className === undefined ? '' : html` class="${options.className}"`}>`;
}
