import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import type { RouteDeps } from './route-deps.ts';
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
 * and one error policy (re-render the form a route declared, or the error page).
 */
export function pagesApp(deps: RouteDeps, options: { publicReview: boolean }): Router {
  const pages = Router();
  pages.use(cookieParser());
  pages.use(shopperIdentity({ secureCookies: deps.secureCookies, cookiePath: deps.cookiePath }));
  // Before CSRF: a signed-in visitor's tokens are tied to their session.
  pages.use(sessionAuthentication(deps));
  pages.use(navigation(deps));
  // Forms that re-render even when their body cannot be read (too large) say so before the parser.
  pages.use(csrfFormToken({ secret: deps.secret }));
  pages.post('/sign-in', signInFormRenderer(deps));
  pages.use(bodiesOnly(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 })));
  pages.use(csrfProtection({ secret: deps.secret }));

  pages.use(bySegment([
    ...(deps.sandbox ? [sandboxBannerRoutes(deps, deps.sandbox)] : []),
    ...(deps.sandboxes ? [sandboxListRoutes(deps, deps.sandboxes)] : []),
    homeRoutes(deps),
    cartRoutes(deps),
    hostRoutes(deps),
    checkoutRoutes(deps),
    orderRoutes(deps),
    signInRoutes(deps),
    accountRoutes(deps),
    consoleRoutes(deps),
    consoleLinkRoutes(deps),
    changeRequestRoutes(deps),
    apiDocsPageRoutes(),
    referenceRoutes(),
  ]));
  pages.use('/review', reviewAccess(options.publicReview, 'page'), bySegment([reviewRoutes(deps), reviewHistoryRoutes(deps), reviewLinkRoutes(deps),
    reviewExportRoutes(deps)]));

  pages.use(pageNotFound);
  pages.use(pageErrorHandler(deps.logger));
  return pages;
}
