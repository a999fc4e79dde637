import { z } from 'zod';
import { storefrontsWithBadges } from '../actions/badges.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { page } from '../http/page-table.ts';
import { todayLink, visitOf } from '../http/visit.ts';
import { asOfForm, standingStatus } from '../views-helpers/as-of-form.ts';
import type { AnyPageRoute } from '../http/route-table.ts';

// The record has thirteen storefronts; a generated world has a thousand, which one page cannot show.
// 24 cards fill whole rows of the grid at 1 to 4 columns and keep the record on one page; 48 made
// a phone scroll through 48 cards and a large world's home page ~1.4× the record's CPU (24: ~1.15×).
export const HOME_PAGE_SIZE = 24;
const HomeQuery = z.object({
  page: z.coerce.number({ message: 'a page number' }).int('a page number').min(1, 'a page number').max(100_000, 'a page number').default(1),
});

export const homePages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/',
    query: HomeQuery,
    view: 'pages/home',
    handler: ({ req, res, world: { repos, clock }, query: { page: asked } }) => {
      // The badges stand where the visit does (?asOf=, with its banner); a date that is not valid
      // shows today, as a 400, with the Day form holding what was typed.
      const { travel, invalid } = visitOf(req);
      const at = travel?.at ?? clock.now().toISOString();
      const all = repos.catalog.storefronts();
      const pages = Math.max(1, Math.ceil(all.length / HOME_PAGE_SIZE));
      const pageNumber = Math.min(asked, pages);
      renderPage(
        res,
        'pages/home',
        {
          title: 'Storefronts',
          pageNumber,
          pages,
          asOfForm: asOfForm('/', at, req.query.asOf, invalid),
          todayPath: todayLink(req, '/'),
          storefronts: storefrontsWithBadges(repos, at, all.slice((pageNumber - 1) * HOME_PAGE_SIZE, pageNumber * HOME_PAGE_SIZE)),
          scenario: repos.catalog.scenario(),
          cartCounts: new Map(repos.carts.itemCounts(shopperOf(req)).map((c) => [c.storefrontSlug, c.items])),
        },
        standingStatus(invalid),
      );
    },
  }),
];
