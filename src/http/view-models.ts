import type { StorefrontWithBadges } from '../actions/badges.ts';
import type { CartLine } from '../db/carts.ts';
import type { ChatMessage, ChatView, ShareTarget } from '../actions/host-journey.ts';
import type { OpenedIn } from '../actions/links.ts';
import type { SandboxSummary } from '../actions/sandboxes.ts';
import type { Product, Storefront } from '../db/catalog.ts';
import type { LinkHostRow, LinkPlatformRow } from '../db/link-policies.ts';
import type { Order, OrderItem, Payment } from '../db/orders.ts';
import type { UserRow } from '../db/users.ts';
import type { ApiTokenRow } from '../db/api-tokens.ts';
import type { DEMO_PERSONAS } from '../db/demo-personas.ts';
import type { WalletDecision } from '../domain/decide.ts';
import type { JourneyStep } from '../domain/links/journey.ts';
import type { ContextChannel } from '../domain/model.ts';
import type { ReasonGuide } from '../domain/reason-guide.ts';
import type { RecordSource } from '../domain/record-sources.ts';
import type { TimeTravel } from './time-travel.ts';

/**
 * The locals of each view: `renderPage(res, view, locals)` takes a view's name and its model
 * together, so a local the view needs and the route forgot, or one it misspelt, is a type error.
 * The layout's own locals (the visit's link helpers, the person, the CSRF token) come from the
 * request's middleware, not from here.
 */

/** What every page gives the layout. */
interface Page {
  title: string;
  /** The page's meta description (default: one built from the title). */
  description?: string;
}

/** A page of the shopper's flow that stands somewhere else than its visit (see standingLocals), or has a "Back to today" link. */
interface Standing {
  todayPath?: string | null;
  travel?: TimeTravel | null;
  openedIn?: OpenedIn | null;
  shopLink?: (path: string) => string;
}

/** A form's state when it comes back: the field errors and what was sent. */
interface FormState {
  errors: Record<string, string>;
  values: Record<string, unknown>;
}

type Refusal = string | undefined;

/** A view whose model is not declared yet: any locals (its name is still checked). */
type Undeclared = Page & Record<string, unknown>;

export interface ViewModels {
  'pages/home': Page & {
    pageNumber: number;
    pages: number;
    storefronts: StorefrontWithBadges[];
    scenario: string | null;
    cartCounts: Map<string, number>;
  };
  'pages/error': Page & { status: number; message: string; code: string };
  'pages/reasons': Page & { reasons: ReasonGuide[] };
  'pages/sources': Page & { sources: readonly RecordSource[] };
  'pages/sign-in': Page & { username: string; next: string; errors: Record<string, string>; refusal: Refusal; personas: typeof DEMO_PERSONAS | readonly never[] };
  'account/account': Page & {
    account: UserRow; tokens: ApiTokenRow[]; newToken: string | undefined; label: string; errors: Record<string, string>; tokenDays: readonly number[]; now: string;
  };
  'shop/storefront': Page & Standing & FormState & {
    storefront: Storefront;
    products: readonly Product[];
    added: Product | undefined;
    cartItems: number;
    arrival: { taps: number | undefined; left: OpenedIn | null; via: 'source_app' | 'browser' | undefined };
    shareable: boolean;
    failedProduct: unknown;
    refusal: Refusal;
  };
  'shop/cart': Page & Standing & FormState & {
    storefront: Storefront;
    lines: CartLine[];
    totalFen: number;
    restored: string | undefined;
    failedLine: string | undefined;
    refusal: Refusal;
  };
  'shop/checkout': Page & Standing & {
    storefront: Storefront;
    channel: ContextChannel;
    channels: readonly ContextChannel[];
    lines: CartLine[];
    totalFen: number;
    shown: WalletDecision[];
    hidden: WalletDecision[];
    chosen: string | undefined;
    hostWalls: ReturnType<import('../db/repositories.ts').Repositories['links']['wallNotes']>;
    errors: Record<string, string>;
    refusal: Refusal;
  };
  'shop/share': Page & Standing & {
    storefront: Storefront;
    product: Product;
    platform: LinkPlatformRow | null;
    targets: ShareTarget[];
    errors: Record<string, string>;
    refusal: Refusal;
    chosen: string | undefined;
  };
  'hosts/index': Page & { hosts: readonly LinkHostRow[] };
  'hosts/chats': Page & Standing & { host: LinkHostRow; chats: { surface: LinkHostRow['surfaces'][number]; chat: ChatView }[] };
  'hosts/chat': Page & Standing & { chat: ChatView; behaviourLabels: Record<string, string> };
  'hosts/step': Page & { message: ChatMessage; where: JourneyStep; next: string; chatPath: string };
  'hosts/no-shop': Page & { message: ChatMessage; host: string; taps: number };
  'orders/list': Page & { orders: readonly Order[] };
  'orders/receipt': Page & {
    order: Order; items: readonly OrderItem[]; payments: readonly Payment[]; retryWallets: WalletDecision[]; retryable: boolean;
    errors: Record<string, string>; refusal: Refusal; chosen: unknown;
  };
  'cashier/alipay': Cashier;
  'cashier/wechat-pay': Cashier;
  'cashier/unionpay-qr': Cashier;
  'sandboxes/list': Page & FormState & { sandboxes: SandboxSummary[]; scenarios: readonly string[]; mayCreate: boolean };
  'sandboxes/clock': Page & FormState;
  'api/docs': Undeclared;
  'console/confirm': Undeclared;
  'console/inbox': Undeclared;
  'console/integration': Undeclared;
  'console/integrations': Undeclared;
  'console/link': Undeclared;
  'console/links': Undeclared;
  'console/policies': Undeclared;
  'review/coverage': Undeclared;
  'review/diff': Undeclared;
  'review/links': Undeclared;
  'review/matrix': Undeclared;
  'review/metrics': Undeclared;
  'review/preview': Undeclared;
  'review/timeline': Undeclared;
}

/** The cashier pages, one per wallet, on one model. */
type Cashier = Page & Standing & {
  order: Order; items: readonly OrderItem[]; idempotencyKey: string; refusal: Refusal; mutualRecognition: boolean;
};

export type ViewName = keyof ViewModels;
