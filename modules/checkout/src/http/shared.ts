import { Body } from '@mercato/platform/http';
import { Type } from 'typebox';
import { checkoutLimits } from '../contract.ts';

/** Units of one order line in a request body (closed, like every body). */
export const ItemQuantityBody = Body({
  orderItemId: Type.String({ minLength: 1, maxLength: 64 }),
  quantity: Type.Integer({ minimum: 1, maximum: checkoutLimits.itemQuantityMax }),
});
