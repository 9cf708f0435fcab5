import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Body, HttpError, handleError, replyResult } from '@mercato/platform/http';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CatalogApi, NewImage } from '../contract.ts';
import { imageLimits } from '../domain/image.ts';
import { AdminProductSchema, adminProduct, catalogWriters, ProductIdParams, staffWrite, tags } from './staff.ts';
import { catalogStatuses } from './statuses.ts';

/** The one form field of an upload. */
const imageField = 'image';

/**
 * Bounds of one upload form. The multipart parser does not apply the server's 1 MiB
 * JSON body limit; these bound the whole request instead: one file of at most 10 MiB
 * and a few short fields (which the closed body schema then refuses by name).
 */
const uploadLimits = {
  fileSize: imageLimits.sourceBytesMax,
  files: 1,
  fields: 4,
  parts: 5,
  fieldSize: 1024,
  fieldNameSize: 100,
  headerPairs: 20,
};

/**
 * The form as the route validates it. The file part becomes `sha256:<hex>` of its
 * bytes, so the body schema can be closed and idempotency keys fingerprint the image
 * itself (the same key with another image is 422); the bytes wait in `uploads`.
 */
const UploadBody = Body({
  [imageField]: Type.String({
    contentMediaType: 'application/octet-stream',
    description: `The image file: JPEG, PNG, WebP, GIF (first frame), AVIF or TIFF, at most ${imageLimits.sourceBytesMax} bytes and ${imageLimits.sourcePixelsMax} pixels.`,
  }),
});

const uploads = new WeakMap<FastifyRequest, NewImage>();

function duplicateField(name: string): HttpError {
  return new HttpError(400, 'invalid_request', 'The request is invalid.', {
    issues: [{ path: `body.${name}`, message: 'is sent more than once' }],
  });
}

/** Parser failures are the client's: a file over the limit, too many parts, a malformed form. */
function uploadError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if ((error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') {
    return new HttpError(413, 'image_too_large', `An image may be at most ${imageLimits.sourceBytesMax} bytes.`, {
      bytesMax: imageLimits.sourceBytesMax,
    });
  }
  return new HttpError(
    400,
    'invalid_request',
    `The body must be multipart/form-data with one file field, ${imageField}.`,
  );
}

/** preValidation: reads the form into `request.body` (file parts as their hash) and `uploads`. */
async function readUpload(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return; // a JSON body is validated, then refused by the handler
  const body: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (Object.hasOwn(body, part.fieldname)) throw duplicateField(part.fieldname);
      if (part.type === 'field') {
        body[part.fieldname] = String(part.value);
      } else if (part.fieldname !== imageField) {
        part.file.resume(); // drained, then refused by the closed schema
        body[part.fieldname] = part.filename;
      } else {
        const bytes = await part.toBuffer();
        uploads.set(request, { bytes, contentType: part.mimetype });
        body[part.fieldname] = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      }
    }
  } catch (error) {
    throw uploadError(error);
  }
  request.body = body;
}

/**
 * `POST /api/admin/products/:id/images`, in its own plugin scope: the multipart parser
 * exists only here, so every other route still takes JSON alone.
 */
export function imageUploadRoutes(fastify: FastifyInstance, api: CatalogApi): void {
  fastify.register(async (scope) => {
    await scope.register(multipart, { limits: uploadLimits, throwFileSizeLimit: true });
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return handleError(error, request, reply);
      return handleError(
        new HttpError(415, 'unsupported_media_type', 'Images are uploaded as multipart/form-data.'),
        request,
        reply,
      );
    });
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/admin/products/:id/images',
      {
        config: { auth: catalogWriters },
        preValidation: readUpload,
        schema: {
          tags,
          description:
            'Appends an image to the product’s gallery and makes its 320, 800 and 1600 px WebP renditions. The same image twice is added once.',
          consumes: ['multipart/form-data'],
          params: ProductIdParams,
          body: UploadBody,
          response: { 201: AdminProductSchema },
        },
      },
      async (request, reply) => {
        const image = uploads.get(request);
        if (image === undefined) {
          throw new HttpError(400, 'invalid_request', 'The request is invalid.', {
            issues: [{ path: `body.${imageField}`, message: 'must be a file part of multipart/form-data' }],
          });
        }
        const result = await api.addProductImage(request.params.id, image, staffWrite(request));
        return replyResult(reply, result, catalogStatuses, (value) => reply.code(201).send(adminProduct(value, false)));
      },
    );
  });
}
