/**
 * The path and query of a request line, read without `new URL(req.url, base)`: that throws on
 * targets like `//` and reads `//host/x` as a host, and a client must not be able to crash or
 * confuse routing with either.
 */
export interface RequestTarget {
  pathname: string;
  query: URLSearchParams;
}

export function requestTarget(url: string | undefined): RequestTarget {
  const raw = url ?? '/';
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(raw)) {
    // absolute-form (proxies send it)
    try {
      const parsed = new URL(raw);
      return { pathname: parsed.pathname, query: parsed.searchParams };
    } catch {
      return { pathname: '', query: new URLSearchParams() };
    }
  }
  const withoutFragment = raw.split('#')[0];
  const q = withoutFragment.indexOf('?');
  return {
    pathname: q < 0 ? withoutFragment : withoutFragment.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : withoutFragment.slice(q + 1)),
  };
}
