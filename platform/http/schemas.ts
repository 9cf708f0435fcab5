import { Type, type TProperties, type TSchema } from 'typebox';
import { limits } from '../kernel/index.ts';

/**
 * Request bodies are closed objects: an unknown field is a 400, so a client can
 * never slip in a price or a status. Use `Body(...)` for every request body.
 */
export function Body<T extends TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export const MoneySchema = Type.Object(
  {
    amount: Type.Integer({ description: 'Integer minor units (cents).' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

/** `limit` (default 20, max 100) and `cursor`, shared by every list. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSizeMax, default: limits.pageSizeDefault })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}
