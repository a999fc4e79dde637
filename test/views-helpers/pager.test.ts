import { describe, expect, it } from 'vitest';
import { cursorPager, numberedPager } from '../../src/views-helpers/pager.ts';

describe('pagers', () => {
  const link = (page: number) => `/?page=${page}`;

  it('draw nothing when everything fits on one page', () => {
    expect(numberedPager(1, 1, link)).toBeNull();
  });

  it('offer Previous and Next around "Page n of m", without a link off either end', () => {
    expect(numberedPager(1, 3, link)).toEqual({ prev: null, status: 'Page 1 of 3', next: { href: '/?page=2', text: 'Next →' } });
    expect(numberedPager(3, 3, link)).toEqual({ prev: { href: '/?page=2', text: '← Previous' }, status: 'Page 3 of 3', next: null });
  });

  it('page a log by cursor: back to the newest, on to older', () => {
    expect(cursorPager(null, '/t?cursor=x')).toEqual({ first: null, next: { href: '/t?cursor=x', text: 'Older →' } });
    expect(cursorPager('/t', null)).toEqual({ first: { href: '/t', text: '↑ Newest' }, next: null });
  });
});
