import type { Random } from './prng.ts';
import type { TitleSlot, TitleWords } from './titles.ts';

const closers: readonly string[] = [
  'Free shipping on orders over $50.',
  'Gift wrapping is available at checkout.',
  'Ships within one business day.',
  'Our support team answers questions within a day.',
];

/**
 * Two to four sentences: a department intro, a detail about the leaf category, often a
 * department detail, and sometimes a shop closer. Templates only use placeholders that
 * read well with every value they can take (see the department files).
 */
export function describeProduct(slot: TitleSlot, words: TitleWords, random: Random): string {
  const fill = (template: string): string =>
    template
      .replaceAll('{title}', words.shortTitle)
      .replaceAll('{brand}', words.brand)
      .replaceAll('{adjective}', lowerCaseWords(words.adjective))
      .replaceAll('{feature}', lowerCaseWords(words.feature))
      .replaceAll('{noun}', lowerCaseWords(words.noun))
      .replaceAll('{category}', lowerCaseWords(slot.leaf.name));
  const sentences = [fill(random.pick(slot.department.intros)), fill(random.pick(slot.leaf.details))];
  if (random.chance(0.7)) sentences.push(fill(random.pick(slot.department.details)));
  if (sentences.length === 3 && random.chance(0.45)) sentences.push(random.pick(closers));
  return sentences.join(' ');
}

/** Lower-cases ordinary words but keeps acronyms and model words ("USB-C", "4K", "eBook"). */
export function lowerCaseWords(text: string): string {
  return text
    .split(' ')
    .map((word) => (word.split('-').some(isAcronymLike) ? word : word.toLowerCase()))
    .join(' ');
}

function isAcronymLike(part: string): boolean {
  return /[A-Z].*[A-Z]|\d|^[a-z]+[A-Z]/.test(part);
}
