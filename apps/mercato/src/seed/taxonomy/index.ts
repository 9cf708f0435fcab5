import { beauty, clothing, shoes } from './apparel.ts';
import { audio, computers, phones } from './electronics.ts';
import { furniture, garden, homeKitchen } from './home.ts';
import { books, sports, toys } from './leisure.ts';
import type { DepartmentSpec } from './types.ts';

export type { DepartmentSpec, IconName, LeafSpec, OptionAxis, OptionValue } from './types.ts';

/** The departments in storefront order. Changing this order changes every generated catalog. */
export const departments: readonly DepartmentSpec[] = [
  audio,
  computers,
  phones,
  homeKitchen,
  furniture,
  clothing,
  shoes,
  sports,
  toys,
  books,
  beauty,
  garden,
];
