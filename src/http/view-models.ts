import type { AsOfForm } from '../views-helpers/as-of-form.ts';
import type { Milestone } from '../db/milestones.ts';
import type { StorefrontWithBadges } from '../actions/badges.ts';
import type { CartLine } from '../db/carts.ts';
import type { ChatMessage, ChatView, ShareChoice, ShareTarget } from '../actions/host-journey.ts';
import type { OpenedIn } from '../actions/links.ts';
import type { SandboxSummary } from '../actions/sandboxes.ts';
import type { clockMoveJson } from '../presenters/sandbox-json.ts';
import type { DeliveryWithAttempts } from '../actions/webhook-log.ts';
import type { DeliveryStatus, WebhookEndpoint } from '../db/webhooks.ts';
import type { Product, Storefront } from '../db/catalog.ts';
import type { LinkHostRow, LinkPlatformRow } from '../db/link-policies.ts';
import type { Order, OrderItem, Payment } from '../db/orders.ts';
import type { Refund } from '../db/refunds.ts';
import type { DeclineReason, reasonShown } from '../domain/decline-reasons.ts';
import type { MAGIC_AMOUNTS } from '../domain/magic-amounts.ts';
import type { UserRow } from '../db/users.ts';
import type { ApiTokenRow } from '../db/api-tokens.ts';
import type { DEMO_PERSONAS } from '../db/demo-personas.ts';
import type { WalletDecision } from '../domain/decide.ts';
import type { JourneyStep, ShareStep } from '../domain/links/journey.ts';
import type { ContextChannel } from '../domain/model.ts';
import type { ReasonGuide } from '../domain/reason-guide.ts';
import type { CashierExpiry } from '../domain/due-order-expiry.ts';
import type { RecordSource } from '../domain/record-sources.ts';
import type { TimeTravel } from './time-travel.ts';
import type { ActionForm, InboxSectionView } from '../actions/console-view.ts';
import type { linkActionForms } from '../actions/console-links.ts';
import type { ConsoleInbox } from '../actions/inbox.ts';
import type { IntegrationFilter, IntegrationView } from '../actions/integration-views.ts';
import type { LinkPolicyView } from '../actions/links.ts';
import type { loadDiffPage, loadMatrix, loadTimeline, timelineItems } from '../actions/review.ts';
import type { loadCoverage } from '../actions/review-coverage.ts';
import type { LinkMatrixHost, loadLinkCoverage } from '../actions/review-links.ts';
import type { loadAttemptMetrics, loadMetricsPage } from '../actions/review-metrics.ts';
import type { Decision } from '../actions/decide.ts';
import type { LoggedRequest } from '../db/request-log.ts';
import type { LinkChangeView } from '../actions/links.ts';
import type { CoverageTable } from '../domain/review/coverage.ts';
import type { CHANGE_LABELS } from '../domain/review/diff.ts';
import type { LINK_FIELD_LABELS } from '../domain/links/diff.ts';
import type { SURFACE_LABELS } from '../domain/links/model.ts';
import type { formatRate } from '../domain/review/metrics.ts';
import type { barChart, coverageChart } from '../views-helpers/charts.ts';
import type { ChangeRequest } from '../db/change-requests.ts';
import type { IntegrationState as State, Wallet } from '../domain/model.ts';
import type { Permission } from '../domain/permissions.ts';
import type { VerbPresentation } from '../domain/verb-presentation.ts';
import type { TransitionBody } from './inputs/integrations.ts';

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

/** A view whose model is not declared yet: its locals are free (its name is still checked). */
type Undeclared = Page & Record<string, unknown>;

/** A review page's day when it lies after the world's clock (views/partials/future-day.ejs), or null. */
type FutureLabel = { future: { day: string; back: string } | null };

export interface ViewModels {
  'pages/home': Page &
    Standing & {
      asOfForm: AsOfForm;
      pageNumber: number;
      pages: number;
      storefronts: StorefrontWithBadges[];
      scenario: string | null;
      cartCounts: Map<string, number>;
    };
  'pages/error': Page & { status: number; message: string; code: string };
  'pages/reasons': Page & {
    reasons: ReasonGuide[];
    declineReasons: readonly DeclineReason[];
    walletNames: Record<string, string>;
    magicAmounts: typeof MAGIC_AMOUNTS;
    magicOn: boolean;
    refundWindowDays: number;
    expiries: (CashierExpiry & { wallet: string })[];
  };
  'pages/sources': Page & { sources: readonly RecordSource[] };
  'pages/sign-in': Page & {
    username: string;
    next: string;
    errors: Record<string, string>;
    refusal: Refusal;
    personas: typeof DEMO_PERSONAS | readonly never[];
  };
  'account/account': Page & {
    account: UserRow;
    tokens: ApiTokenRow[];
    newToken: string | undefined;
    label: string;
    errors: Record<string, string>;
    tokenDays: readonly number[];
    now: string;
  };
  'shop/storefront': Page &
    Standing &
    FormState & {
      storefront: Storefront;
      products: readonly Product[];
      added: Product | undefined;
      cartItems: number;
      arrival: { taps: number | undefined; left: OpenedIn | null; via: 'source_app' | 'browser' | undefined };
      shareable: boolean;
      failedProduct: unknown;
      refusal: Refusal;
      asOfForm: AsOfForm;
    };
  'shop/cart': Page &
    Standing &
    FormState & {
      storefront: Storefront;
      lines: CartLine[];
      totalFen: number;
      restored: string | undefined;
      failedLine: string | undefined;
      refusal: Refusal;
      asOfForm: AsOfForm;
    };
  'shop/checkout': Page &
    Standing & {
      storefront: Storefront;
      channel: ContextChannel;
      channels: readonly ContextChannel[];
      lines: CartLine[];
      totalFen: number;
      shown: WalletDecision[];
      hidden: WalletDecision[];
      chosen: string | undefined;
      hostWalls: ReturnType<import('../db/repositories.ts').Repositories['links']['wallNotes']>;
      asOfForm: AsOfForm;
      errors: Record<string, string>;
      refusal: Refusal;
    };
  'shop/share': Page &
    Standing & {
      storefront: Storefront;
      product: Product;
      platform: LinkPlatformRow | null;
      targets: ShareTarget[];
      errors: Record<string, string>;
      refusal: Refusal;
      chosen: string | undefined;
      /** A share by token under way: the step the person is at, and the link to the next one. */
      sharing: { choice: ShareChoice; where: Extract<ShareStep, { kind: 'page' }>; target: string; next: string } | null;
    };
  'hosts/index': Page & {
    hosts: readonly LinkHostRow[];
    exampleDays: string[];
    /** The intro's steps up to the world's clock, and those still ahead of it (named without a date). */
    story: { happened: string[]; ahead: string[] };
    now: string;
  };
  'hosts/chats': Page &
    Standing & { host: LinkHostRow; chats: { surface: LinkHostRow['surfaces'][number]; chat: ChatView }[]; asOfForm: AsOfForm };
  'hosts/chat': Page &
    Standing & { chat: ChatView; justShared: ChatMessage | null; behaviourLabels: Record<string, string>; asOfForm: AsOfForm };
  'hosts/step': Page & { message: ChatMessage; where: JourneyStep; next: string; chatPath: string };
  'hosts/no-shop': Page & { message: ChatMessage; host: string; taps: number };
  'orders/list': Page & { orders: readonly Order[] };
  'orders/receipt': Page & {
    order: Order;
    items: readonly OrderItem[];
    payments: readonly (Payment & { walletName: string; reason: ReturnType<typeof reasonShown> | null })[];
    refunds: readonly Refund[];
    /** Why the last attempt did not succeed, shown above "Try again". */
    lastReason: ReturnType<typeof reasonShown> | null;
    retryWallets: WalletDecision[];
    retryable: boolean;
    errors: Record<string, string>;
    refusal: Refusal;
    chosen: unknown;
  };
  'cashier/alipay': Cashier;
  'cashier/wechat-pay': Cashier;
  'cashier/unionpay-qr': Cashier;
  'sandboxes/list': Page & FormState & { sandboxes: SandboxSummary[]; scenarios: readonly string[]; mayCreate: boolean; seesAll: boolean };
  'sandboxes/clock': Page & FormState & { move: ReturnType<typeof clockMoveJson> | null; back: string };
  'requests/list': Page & { requests: LoggedRequest[]; seesAll: boolean };
  'webhooks/list': Page &
    FormState & {
      webhooks: WebhookEndpoint[];
      inSandbox: boolean;
      eventTypes: readonly string[];
      /** Just made: its secret, shown this once. */
      created: { id: string; secret: string } | null;
    };
  'webhooks/endpoint': Page &
    FormState & {
      endpoint: WebhookEndpoint;
      deliveries: DeliveryWithAttempts[];
      filter: { type?: string | undefined; status?: DeliveryStatus | undefined };
      statuses: readonly DeliveryStatus[];
      inSandbox: boolean;
      now: string;
      /** Just rotated: the new secret, shown this once. */
      rotatedSecret: string | null;
    };
  'api/docs': Undeclared;
  'console/orders': Page & { orders: readonly Order[]; everyGroup: boolean };
  'console/order': Page & {
    order: Order;
    items: readonly OrderItem[];
    payments: readonly (Payment & { walletName: string; reason: ReturnType<typeof reasonShown> | null })[];
    refunds: readonly Refund[];
    refundWindowDays: number;
    errors: Record<string, string>;
    refusal: Refusal;
    values: Record<string, unknown>;
  };
  'console/inbox': Page & {
    /** An operator or admin: the console links to the orders they may refund. */
    mayRefund: boolean;
    sections: InboxSectionView<ConsoleInbox['inbox']['awaitingReview'][number]>[];
    linkRequests: ConsoleInbox['linkRequests'];
  };
  'console/integrations': Page & {
    filter: IntegrationFilter;
    errors: Record<string, string>;
    integrations: IntegrationView[];
    states: readonly State[];
    storefronts: readonly Storefront[];
    wallets: readonly Wallet[];
  };
  'console/integration': Page & {
    view: IntegrationView;
    forms: ActionForm[];
    noActions: string;
    /** Four-eyes: why the person who made the request has no Approve form. */
    ownRequest: string | null;
    history: IntegrationView['events'];
    /** What each adjust changed ("rollout 40 % → 100 %"), by event id. */
    ruleChanges: Map<number, string[]>;
    refusal: Refusal;
    notice: string | undefined;
    pendingChanges: (ChangeRequest & { permission: Permission })[];
  };
  'console/change-request': Page & {
    change: ChangeRequest;
    storefrontName: string;
    walletName: string;
    mayDecide: Permission;
    mayWithdraw: Permission;
    errors: Record<string, string>;
    values: Record<string, unknown>;
    failedAction: 'reject' | 'withdraw' | undefined;
    refusal: string | undefined;
    notice: string | undefined;
  };
  'console/confirm': Page & { view: IntegrationView; verb: VerbPresentation; body: TransitionBody; impact: string };
  'console/links': Page & { policies: LinkPolicyView[] };
  'console/link': Page & {
    view: LinkPolicyView;
    forms: ReturnType<typeof linkActionForms>;
    noActions: string;
    history: LinkPolicyView['events'];
    behaviours: readonly string[];
    previews: readonly string[];
    shares: readonly string[];
    refusal: Refusal;
    notice: string | undefined;
  };
  'console/policies': Page & {
    mayEdit: boolean;
    pending: ChangeRequest[];
    groups: { slug: string; name: string; secondOperator: boolean }[];
    notice: string | undefined;
  };
  'review/matrix': Page &
    FutureLabel &
    ReturnType<typeof loadMatrix> & {
      filter: { asOf: string; group: string | undefined; state: string | undefined };
      states: readonly State[];
      errors: Record<string, string>;
      pageLink: (page: number) => string;
      exportQuery: string;
    };
  'review/diff': Page &
    FutureLabel & {
      from: string;
      to: string;
      entries: ReturnType<typeof loadDiffPage>;
      links: LinkChangeView[];
      errors: Record<string, string>;
      changeLabels: typeof CHANGE_LABELS;
      linkFieldLabels: typeof LINK_FIELD_LABELS;
      pageLink: (page: number) => string;
    };
  'review/preview': Page &
    FutureLabel & {
      context: { storefront: string | undefined; channel: ContextChannel; amountFen: number; shopper: string; at: string };
      amount: string;
      decision: Decision | null;
      errors: Record<string, string>;
      checkoutHref: string | null;
      storefronts: readonly Storefront[];
      channels: readonly ContextChannel[];
    };
  'review/timeline': Page &
    ReturnType<typeof loadTimeline> & {
      errors: Record<string, string>;
      verbs: readonly string[];
      filter: Record<string, unknown>;
      storefronts: readonly Storefront[];
      wallets: readonly Wallet[];
      items: ReturnType<typeof timelineItems>;
      /** The world's now: an event effective after it is scheduled, in the future. */
      now: string;
      /** What each adjust on the page changed ("rollout 40 % → 100 %"), by event id. */
      ruleChanges: Map<number, string[]>;
      linkCount: number;
      total: number;
      reversed: boolean;
      storefrontNames: Map<string, string>;
      walletNames: Map<string, string>;
      nextLink: string | null;
      firstLink: string | null;
      exportQuery: string;
    };
  'review/coverage': Page &
    FutureLabel &
    Omit<ReturnType<typeof loadCoverage>, 'daily'> & {
      from: string;
      to: string;
      errors: Record<string, string>;
      chart: Chart;
      links: ReturnType<typeof loadLinkCoverage> & { platform: string };
      linkTable: CoverageTable;
      linkChart: Chart;
    };
  'review/metrics': Page &
    ReturnType<typeof loadMetricsPage> & {
      attempts: ReturnType<typeof loadAttemptMetrics>;
      names: Map<string, string>;
      chart: ReturnType<typeof barChart>;
      formatRate: typeof formatRate;
      errors: Record<string, string>;
      pageLink: (page: number) => string;
    };
  'review/links': Page &
    FutureLabel & {
      at: string;
      hosts: LinkMatrixHost[];
      filter: Record<string, unknown>;
      errors: Record<string, string>;
      allHosts: readonly LinkHostRow[];
      allPlatforms: readonly LinkPlatformRow[];
      surfaceLabels: typeof SURFACE_LABELS;
      exportQuery: string;
    };
}

type Chart = ReturnType<typeof coverageChart>;

/** The cashier pages, one per wallet, on one model. */
type Cashier = Page &
  Standing & {
    order: Order;
    items: readonly OrderItem[];
    idempotencyKey: string;
    refusal: Refusal;
    mutualRecognition: boolean;
    /** The world's record of QR mutual recognition (its date and precision), if it has one. */
    recognition: Milestone | null;
    /** The reasons "Simulate another outcome" offers, by outcome. */
    outcomeReasons: Record<'declined' | 'cancelled' | 'expired', DeclineReason[]>;
    /** A scan-and-confirm QR (WeChat Pay, UnionPay QR) not scanned yet: "Simulate a scan" is offered. */
    scannable: boolean;
  };

export type ViewName = keyof ViewModels;
