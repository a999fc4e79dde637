import express, { Router } from 'express';
import type { AppSettings } from './route-deps.ts';
import { accountPages } from '../routes/account.ts';
import { apiDocsPageRoutes } from '../routes/api-docs-page.ts';
import { cartPages } from '../routes/cart.ts';
import { checkoutPages } from '../routes/checkout.ts';
import { changeRequestPages } from '../routes/change-requests.ts';
import { consolePages } from '../routes/console.ts';
import { consoleLinkPages } from '../routes/console-links.ts';
import { consoleOrderPages } from '../routes/console-orders.ts';
import { homePages } from '../routes/home.ts';
import { hostPages } from '../routes/hosts.ts';
import { orderPages } from '../routes/orders.ts';
import { referencePages } from '../routes/reference.ts';
import { reviewExportPages } from '../routes/review-exports.ts';
import { reviewHistoryPages } from '../routes/review-history.ts';
import { reviewLinkPages } from '../routes/review-links.ts';
import { reviewPages } from '../routes/review.ts';
import { requestLogPages } from '../routes/requests.ts';
import { sandboxBanner, sandboxPageTable } from '../routes/sandboxes.ts';
import { signInFormRenderer, signInPages } from '../routes/sign-in.ts';
import { webhookPages } from '../routes/webhooks.ts';
import { sessionAuthentication } from './auth.ts';
import { csrfFormToken, csrfProtection } from './csrf.ts';
import { bodiesOnly } from './bodies.ts';
import { pageErrorHandler, pageNotFound } from './errors.ts';
import { navigation } from './navigation.ts';
import { pageTableHandler } from './page-table.ts';
import type { AnyPageRoute } from './route-table.ts';
import { shopperIdentity } from './shopper.ts';
import { pageLinks } from './visit.ts';

/** Every page, declared as a row (the API's page for people, /api/docs, is the API's own). */
export const PAGES: readonly AnyPageRoute[] = [
  ...homePages,
  ...cartPages,
  ...checkoutPages,
  ...hostPages,
  ...orderPages,
  ...referencePages,
  ...signInPages,
  ...accountPages,
  ...consolePages,
  ...consoleLinkPages,
  ...consoleOrderPages,
  ...changeRequestPages,
  ...reviewPages,
  ...reviewHistoryPages,
  ...reviewLinkPages,
  ...reviewExportPages,
  ...sandboxPageTable,
  ...requestLogPages,
  ...webhookPages,
];

/**
 * Everything a browser sees: the session cookie, the shopper cookie, CSRF on every form,
 * and one error policy (re-render the form a route declared, or the error page). Built once:
 * every handler reads its world from the request's visit.
 */
export function pagesApp(settings: AppSettings): Router {
  const pages = Router();
  // The links of the visit's world, for the views: pages only (the API renders none).
  pages.use(pageLinks);
  // Cookies are read by name where they are needed (shopper, session): none is parsed for all.
  pages.use(shopperIdentity({ secureCookies: settings.secureCookies }));
  // Before CSRF: a signed-in visitor's tokens are tied to their session.
  pages.use(sessionAuthentication());
  pages.use(navigation());
  // Forms that re-render even when their body cannot be read (too large) say so before the parser.
  pages.use(csrfFormToken());
  pages.post('/sign-in', signInFormRenderer());
  pages.use(bodiesOnly(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 })));
  pages.use(csrfProtection());

  pages.use(sandboxBanner);
  pages.use(pageTableHandler(PAGES));
  pages.use(apiDocsPageRoutes());

  pages.use(pageNotFound);
  pages.use(pageErrorHandler(settings.logger));
  return pages;
}
