/** A link in a pager. */
export interface PagerLink {
  href: string;
  text: string;
}

/** What views/partials/pager.ejs draws; every part is optional. */
export interface Pager {
  first?: PagerLink | null;
  prev?: PagerLink | null;
  next?: PagerLink | null;
  status?: string | null;
}

/** Previous / "Page n of m" / Next for numbered pages; null when everything fits on one page. */
export function numberedPager(page: number, pageCount: number, link: (page: number) => string): Pager | null {
  if (pageCount <= 1) return null;
  return {
    prev: page > 1 ? { href: link(page - 1), text: '← Previous' } : null,
    status: `Page ${page} of ${pageCount}`,
    next: page < pageCount ? { href: link(page + 1), text: 'Next →' } : null,
  };
}

/** Newest / Older for a log read by cursor, where the number of pages is not known. */
export function cursorPager(firstLink: string | null, nextLink: string | null): Pager {
  return {
    first: firstLink ? { href: firstLink, text: '↑ Newest' } : null,
    next: nextLink ? { href: nextLink, text: 'Older →' } : null,
  };
}
