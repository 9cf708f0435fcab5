/**
 * A scriptless browser for route tests: keeps cookies, follows nothing by itself, and
 * posts forms as `application/x-www-form-urlencoded`, exactly as a browser without
 * JavaScript would.
 */
export type Answer = { status: number; location: string | null; text: string; headers: Headers };

export function scriptlessBrowser(baseUrl: string) {
  const cookies = new Map<string, string>();
  const remember = (headers: Headers) => {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /max-age=0|expires=thu, 01 jan 1970/i.test(attribute.trim()));
      if (value === '' || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const send = async (method: string, path: string, form?: Record<string, string>): Promise<Answer> => {
    const headers: Record<string, string> = {
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      redirect: 'manual',
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    remember(response.headers);
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
      headers: response.headers,
    };
  };
  return {
    cookies,
    get: (path: string) => send('GET', path),
    post: (path: string, form: Record<string, string>) => send('POST', path, form),
  };
}

/** The value of the first `<input name="…" value="…">` in a page. */
export function inputValue(page: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(page);
  return match?.[1];
}
