/**
 * The reviews module's contract: what the app, tests and other modules may see.
 * Read shapes are TypeBox schemas (they validate and serialize HTTP answers and feed
 * the OpenAPI document); their TypeScript types are derived from them.
 */
import type { Result } from '@mercato/platform/kernel';
import { type Static, Type } from 'typebox';

// ── Limits ──────────────────────────────────────────────────────────────────────

export const reviewLimits = Object.freeze({
  ratingMin: 1,
  ratingMax: 5,
  titleLengthMax: 200,
  bodyLengthMax: 5000,
  /** Ids of other modules (products, customers) taken at most this long. */
  idLengthMax: 200,
  /** Distinct products one delivered order may report (a cart holds at most 50 lines). */
  deliveredProductsMax: 500,
});

// ── Read shapes (API.md "Catalog", "Checkout and orders") ──────────────────────

export const reviewStatuses = ['visible', 'hidden'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/** `Review` of API.md. */
export const ReviewSchema = Type.Object({
  /** `rev_…` */
  id: Type.String(),
  productId: Type.String(),
  /** The author's name when the review was posted. */
  authorName: Type.String(),
  rating: Type.Integer({ minimum: reviewLimits.ratingMin, maximum: reviewLimits.ratingMax }),
  title: Type.String(),
  body: Type.String(),
  /** The author has a delivered order containing the product. */
  verifiedPurchase: Type.Boolean(),
  createdAt: Type.String({ description: 'ISO 8601.' }),
});
export type Review = Static<typeof ReviewSchema>;

export const ReviewPageSchema = Type.Object({
  items: Type.Array(ReviewSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ReviewPage = Static<typeof ReviewPageSchema>;

/** A review as staff see it: the public shape plus who wrote it and its moderation state. */
export const AdminReviewSchema = Type.Object({
  ...ReviewSchema.properties,
  customerId: Type.String(),
  status: Type.Enum([...reviewStatuses]),
  /** When staff last hid or restored it; null when never moderated. */
  moderatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type AdminReview = Static<typeof AdminReviewSchema>;

export const AdminReviewPageSchema = Type.Object({
  items: Type.Array(AdminReviewSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AdminReviewPage = Static<typeof AdminReviewPageSchema>;

// ── Inputs ──────────────────────────────────────────────────────────────────────

/** The body of `POST /api/products/{id}/reviews`. */
export type NewReview = { readonly rating: number; readonly title: string; readonly body: string };
export type PageRequest = { readonly limit?: number; readonly cursor?: string };
export type AdminReviewQuery = PageRequest & { readonly status?: ReviewStatus; readonly productId?: string };
/** A staff member moderating, for the audit log. */
export type Actor = { readonly id: string; readonly role?: string; readonly requestId?: string };

// ── Failure codes ───────────────────────────────────────────────────────────────

/**
 * `unauthorized`: the account behind the token no longer exists. `invalid_review`: what
 * a schema cannot say (a blank title), or a non-HTTP caller's bad input.
 */
export type PostReviewCode = 'product_not_found' | 'already_reviewed' | 'invalid_review' | 'unauthorized';
export type ListReviewsCode = 'product_not_found' | 'invalid_cursor';
export type HideCode = 'review_not_found' | 'review_already_hidden';
export type RestoreCode = 'review_not_found' | 'review_already_visible';
export type ReviewsCode = PostReviewCode | ListReviewsCode | HideCode | RestoreCode;

// ── The API ─────────────────────────────────────────────────────────────────────

export interface ReviewsApi {
  /**
   * Posts the customer's review of an active product (by id or slug): at most one per
   * customer and product, claimed by a unique key, never read-then-write. Publishes
   * `reviews.review_posted` with the product's new rating aggregate.
   */
  postReview(customerId: string, productId: string, input: NewReview): Promise<Result<Review, PostReviewCode>>;
  /** Visible reviews of an active product, newest first. */
  listReviews(productId: string, page: PageRequest): Promise<Result<ReviewPage, ListReviewsCode>>;
  /** Staff: every review, newest first, optionally of one status or product. */
  adminListReviews(query: AdminReviewQuery): Promise<Result<AdminReviewPage, 'invalid_cursor'>>;
  /** Staff: takes a visible review out of lists and ratings. Audited; publishes `reviews.review_hidden`. */
  hideReview(actor: Actor, reviewId: string): Promise<Result<AdminReview, HideCode>>;
  /** Staff: shows a hidden review again. Audited; publishes `reviews.review_restored`. */
  restoreReview(actor: Actor, reviewId: string): Promise<Result<AdminReview, RestoreCode>>;
}

// ── Events ──────────────────────────────────────────────────────────────────────

export const reviewsEvents = {
  reviewPosted: 'reviews.review_posted',
  reviewHidden: 'reviews.review_hidden',
  reviewRestored: 'reviews.review_restored',
} as const;

/**
 * A product's rating over its visible reviews right after the change that published
 * the event. `version` grows by one with every change of that product's aggregate, so
 * a read model that keeps the aggregate of the highest version it has seen converges
 * to the truth whatever the order and number of deliveries.
 */
export type ProductRatingData = {
  count: number;
  sum: number;
  /** `sum / count` rounded to two decimals; 0 without reviews. */
  average: number;
  version: number;
};

export type ReviewPostedData = {
  reviewId: string;
  productId: string;
  customerId: string;
  authorName: string;
  rating: number;
  title: string;
  verifiedPurchase: boolean;
  createdAt: string;
  productRating: ProductRatingData;
};
/** `reviews.review_hidden` and `reviews.review_restored`. */
export type ReviewModeratedData = {
  reviewId: string;
  productId: string;
  rating: number;
  status: ReviewStatus;
  productRating: ProductRatingData;
};

/** Events the module consumes; the schema below declares the fields it reads (others are ignored). */
export const consumedEvents = { orderDelivered: 'orders.order_delivered' } as const;

const ForeignId = Type.String({ minLength: 1, maxLength: reviewLimits.idLengthMax });

/** The fields of `orders.order_delivered` read for verified purchases; guest orders have no customer. */
export const ConsumedOrderDeliveredSchema = Type.Object({
  orderId: ForeignId,
  customerId: Type.Union([ForeignId, Type.Null()]),
  items: Type.Array(Type.Object({ productId: ForeignId })),
});
export type OrderDeliveredFields = Static<typeof ConsumedOrderDeliveredSchema>;

/** Audit `action` of each staff write. */
export const reviewsAuditActions = {
  hideReview: 'reviews.hide_review',
  restoreReview: 'reviews.restore_review',
} as const;
