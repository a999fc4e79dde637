import express, { Router } from 'express';
import type { AppSettings } from './route-deps.ts';
import { accountPages } from '../routes/account.ts';
import { apiDocsPages } from '../routes/api-docs-page.ts';
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
import { csrfProtection } from './csrf.ts';
import { formsChecked } from './bodies.ts';
import { pageErrorHandler, pageNotFound } from './errors.ts';
import { pageTableHandler } from './page-table.ts';
import type { AnyPageRoute } from './route-table.ts';
import { pageVisitor } from './page-visitor.ts';

/** Every page, declared as a row (the API's page for people, /api/docs, among them: it has the pages' layout). */
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
  ...apiDocsPages,
];

/**
 * Everything a browser sees: the session cookie, the shopper cookie, CSRF on every form,
 * and one error policy (re-render the form a route declared, or the error page). Built once:
 * every handler reads its world from the request's visit.
 */
export function pagesApp(settings: AppSettings): Router {
  const pages = Router();
  // The links, the shopper, the person signed in, the navigation and the form token. Cookies are
  // read by name where they are needed (shopper, session): none is parsed for all.
  pages.use(pageVisitor({ secureCookies: settings.secureCookies, banner: sandboxBanner }));
  // Forms that re-render even when their body cannot be read (too large) say so before the parser.
  pages.post('/sign-in', signInFormRenderer());
  pages.use(formsChecked(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }), csrfProtection()));
  pages.use(pageTableHandler(PAGES));

  pages.use(pageNotFound);
  pages.use(pageErrorHandler(settings.logger));
  return pages;
}
