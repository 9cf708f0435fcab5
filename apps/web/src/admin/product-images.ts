import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiFailure, failureOf, type Html, html, seeOther } from '../shared/index.ts';
import { type Admin, keyInput, staffOnly } from './context.ts';
import type { Product } from './types.ts';

/**
 * Image upload: the browser posts `multipart/form-data` to the web route, which reads
 * the one file (≤ 10 MiB, the API's own limit) and sends it on, as multipart again, to
 * `POST /api/admin/products/{id}/images` with the staff member's token. The API makes
 * the renditions and answers the product with its new image URLs.
 */

const imageBytesMax = 10 * 1024 * 1024;
const uploadLimits = { fileSize: imageBytesMax, files: 1, fields: 4, parts: 6, fieldSize: 1024, headerPairs: 20 };

type Upload = { bytes: Buffer; filename: string; mimetype: string } | { failure: ApiFailure };
const uploads = new WeakMap<FastifyRequest, Upload>();

export function imageSection(admin: Admin, request: FastifyRequest, reply: FastifyReply, product: Product): Html {
  const gallery =
    product.images.length === 0
      ? html`<p class="muted">No images yet.</p>`
      : html`<ul class="admin-gallery">${product.images.map((url, index) => html`<li><img src="${url}" alt="Image ${index + 1} of ${product.title}" width="160" height="160" loading="lazy"></li>`)}</ul>`;
  return html`<section class="card" aria-labelledby="images-title"><h2 id="images-title">Images</h2>
${gallery}
<form class="form" method="post" action="/admin/products/${encodeURIComponent(product.id)}/images" enctype="multipart/form-data">
${admin.csrfInput(request, reply)}${keyInput()}
<div class="field"><label for="image">Add an image</label>
<span class="hint" id="image-hint">JPEG, PNG, WebP, GIF, AVIF or TIFF, up to 10 MB. Thumbnails are made for you.</span>
<input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff" required aria-describedby="image-hint"></div>
<div><button type="submit">Upload image</button></div>
</form></section>`;
}

/** preValidation: the form's short fields become `request.body` (for the CSRF check), the file waits in `uploads`. */
async function readForm(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) {
    uploads.set(request, {
      failure: { code: 'invalid_form', message: 'The form must be sent as multipart/form-data.' },
    });
    return;
  }
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; filename: string; mimetype: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value).slice(0, 1024);
      else if (part.fieldname === 'image' && file === undefined)
        file = { bytes: await part.toBuffer(), filename: part.filename, mimetype: part.mimetype };
      else part.file.resume();
    }
  } catch (error) {
    const tooLarge = (error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE';
    uploads.set(request, {
      failure: tooLarge
        ? { code: 'image_too_large', message: 'An image may be at most 10 MB.' }
        : { code: 'invalid_form', message: 'The upload could not be read. Please choose the file again.' },
    });
  }
  request.body = fields;
  if (!uploads.has(request)) {
    uploads.set(
      request,
      file === undefined || file.bytes.length === 0
        ? { failure: { code: 'invalid_form', message: 'Choose an image file to upload.' } }
        : file,
    );
  }
}

async function sendToApi(
  admin: Admin,
  request: FastifyRequest,
  productId: string,
  file: { bytes: Buffer; filename: string; mimetype: string },
) {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(file.bytes)], { type: file.mimetype }), file.filename || 'image');
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  const key = (request.body as Record<string, string> | undefined)?.['_key'];
  const response = await admin.web.inject({
    method: 'POST',
    url: `/api/admin/products/${encodeURIComponent(productId)}/images`,
    headers: {
      'content-type': encoded.headers.get('content-type') ?? 'multipart/form-data',
      authorization: `Bearer ${admin.session.tokens(request).accessToken ?? ''}`,
      ...(key ? { 'idempotency-key': key.slice(0, 255) } : {}),
      'x-request-id': request.id,
    },
    payload,
    remoteAddress: request.ip,
  });
  const body = response.payload === '' ? null : (JSON.parse(response.payload) as unknown);
  return { status: response.statusCode, body, headers: response.headers };
}

export function productImageRoutes(admin: Admin): void {
  // The multipart parser only in this scope: every other admin form stays urlencoded.
  admin.web.register(async (scope) => {
    await scope.register(multipart, { limits: uploadLimits });
    scope.post<{ Params: { id: string } }>(
      '/admin/products/:id/images',
      { config: { auth: 'public', idempotency: 'off' }, preValidation: readForm, preHandler: admin.shared.csrfGuard },
      staffOnly(admin, async (request, reply) => {
        const productId = request.params.id;
        const back = `/admin/products/${encodeURIComponent(productId)}`;
        const upload = uploads.get(request);
        if (upload === undefined || 'failure' in upload) {
          const failure = upload?.failure ?? { code: 'invalid_form', message: 'Choose an image file to upload.' };
          admin.shared.flash.set(request, reply, 'error', `Image not added: ${failure.message} (${failure.code})`);
          return seeOther(reply, `${back}#images-title`);
        }
        // staffOnly has just read /api/me, so the access token in the session is fresh.
        const answer = await sendToApi(admin, request, productId, upload);
        if (answer.status === 201 || answer.status === 200) {
          admin.shared.flash.set(request, reply, 'success', 'Image added.');
        } else {
          const failure = failureOf(answer);
          admin.shared.flash.set(request, reply, 'error', `Image not added: ${failure.message} (${failure.code})`);
        }
        return seeOther(reply, `${back}#images-title`);
      }),
    );
  });
}
