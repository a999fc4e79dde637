import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import type { AppSettings } from './route-deps.ts';
import { accountRoutes } from '../routes/account.ts';
import { apiDocsPageRoutes } from '../routes/api-docs-page.ts';
import { cartRoutes } from '../routes/cart.ts';
import { checkoutRoutes } from '../routes/checkout.ts';
import { changeRequestRoutes } from '../routes/change-requests.ts';
import { consoleRoutes } from '../routes/console.ts';
import { consoleLinkRoutes } from '../routes/console-links.ts';
import { homeRoutes } from '../routes/home.ts';
import { hostRoutes } from '../routes/hosts.ts';
import { orderRoutes } from '../routes/orders.ts';
import { referenceRoutes } from '../routes/reference.ts';
import { reviewExportRoutes } from '../routes/review-exports.ts';
import { reviewHistoryRoutes } from '../routes/review-history.ts';
import { reviewLinkRoutes } from '../routes/review-links.ts';
import { reviewRoutes } from '../routes/review.ts';
import { sandboxBannerRoutes, sandboxListRoutes } from '../routes/sandboxes.ts';
import { signInFormRenderer, signInRoutes } from '../routes/sign-in.ts';
import { sessionAuthentication } from './auth.ts';
import { csrfFormToken, csrfProtection } from './csrf.ts';
import { bodiesOnly } from './bodies.ts';
import { pageErrorHandler, pageNotFound } from './errors.ts';
import { reviewAccess } from './review-access.ts';
import { navigation } from './navigation.ts';
import { bySegment } from './segment-dispatch.ts';
import { shopperIdentity } from './shopper.ts';


/**
 * Everything a browser sees: the session cookie, the shopper cookie, CSRF on every form,
 * and one error policy (re-render the form a route declared, or the error page). Built once:
 * every handler reads its world from the request's visit.
 */
export function pagesApp(settings: AppSettings): Router {
  const pages = Router();
  pages.use(cookieParser());
  pages.use(shopperIdentity({ secureCookies: settings.secureCookies }));
  // Before CSRF: a signed-in visitor's tokens are tied to their session.
  pages.use(sessionAuthentication(settings));
  pages.use(navigation());
  // Forms that re-render even when their body cannot be read (too large) say so before the parser.
  pages.use(csrfFormToken());
  pages.post('/sign-in', signInFormRenderer());
  pages.use(bodiesOnly(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 })));
  pages.use(csrfProtection());

  pages.use(bySegment([
    sandboxBannerRoutes(),
    ...(settings.sandboxes ? [sandboxListRoutes(settings, settings.sandboxes)] : []),
    homeRoutes(),
    cartRoutes(),
    hostRoutes(),
    checkoutRoutes(),
    orderRoutes(settings),
    signInRoutes(settings),
    accountRoutes(),
    consoleRoutes(),
    consoleLinkRoutes(),
    changeRequestRoutes(),
    apiDocsPageRoutes(),
    referenceRoutes(),
  ]));
  pages.use('/review', reviewAccess(settings.publicReview, 'page'), bySegment([reviewRoutes(), reviewHistoryRoutes(), reviewLinkRoutes(),
    reviewExportRoutes()]));

  pages.use(pageNotFound);
  pages.use(pageErrorHandler(settings.logger));
  return pages;
}
