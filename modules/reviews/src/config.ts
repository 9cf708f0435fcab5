import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';

/** Reviews need no configuration: its section is empty, and anything in it is refused at boot. */
export const ReviewsConfigSchema = Type.Object({}, { additionalProperties: false });

export type ReviewsConfig = ConfigOf<typeof ReviewsConfigSchema>;

export function parseReviewsConfig(input: unknown): ReviewsConfig {
  return parseConfig('reviews', ReviewsConfigSchema, input);
}
