import { randomUUID } from 'node:crypto';
import createClient, { type Client } from 'openapi-fetch';
import type { operations, paths } from './openapi.ts';
import { HutongProblem, type OperationId, problemFrom } from './problem.ts';

export { HutongProblem, isProblem, type OperationId, type Problem, type ProblemAt, type ProblemStatus } from './problem.ts';
export type { components, operations, paths } from './openapi.ts';

type Json<Op extends OperationId, S extends keyof operations[Op]['responses']> = operations[Op]['responses'][S] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;
type Body<Op extends OperationId> = operations[Op] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type Query<Op extends OperationId> = operations[Op]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;

export type Sandbox = Json<'createSandbox', 201>;
export type MovedSandbox = Json<'moveSandboxClock', 200>;
export type WalletDecision = Json<'decideWallets', 200>;
export type Order = Json<'placeOrder', 201>;
export type Payment = Json<'payOrder', 201>;
export type Webhook = Json<'createWebhook', 201>;
export type WebhookSummary = Json<'listWebhooks', 200>['webhooks'][number];
export type Deliveries = Json<'listDeliveries', 200>;
export type OrderRequest = Body<'placeOrder'>;
/** A scenario's name (record, walled, open), or an inline scenario object. */
export type Scenario = Body<'createSandbox'>['scenario'];
export type ScenarioName = Extract<Scenario, string>;
export type PaymentRequest = Body<'payOrder'>;
export type Cart = Json<'getCart', 200>;
export type CartOrder = Json<'orderCart', 201>;
export type CartOrderRequest = Body<'orderCart'>;
export type WalletContext = Query<'decideWallets'>;
export type WebhookEvent = Body<'createWebhook'>['events'][number];
/** Why a wallet is shown or hidden: SHOWN, PENDING_PROVIDER_APPROVAL, HOST_APP_BLOCKS, … */
export type Reason = WalletDecision['wallets'][number]['reason'];

export interface HutongOptions {
  /** Where Hutong runs: http://127.0.0.1:3000 (the default world). */
  baseUrl: string;
  /** A bearer token (POST /api/tokens, or `hutong.token(persona)`); without one the client is anonymous. */
  token?: string | undefined;
  /** A fetch of your own (a proxy, a recorder); the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface TokenOptions {
  /** Default: the demo personas' password (hutong-demo-2021). */
  password?: string;
  /** How long the token lives: 1, 7, 30 (the server's default) or 90 days, on the clock of the world that issues it. */
  days?: Body<'createToken'>['expiresInDays'];
}

/** What a helper may add to one call: your own Idempotency-Key (one is made for you otherwise). */
export interface WriteOptions {
  idempotencyKey?: string;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or a HutongProblem built from its problem+json. */
function unwrap<T>(operation: OperationId, answer: Answer<T>): T {
  const { data, error, response } = answer;
  if (!response.ok) throw new HutongProblem(operation, problemFrom(response.status, error), response);
  return data as T;
}

/** The helpers every world's client has (the default world's and each sandbox's). */
function worldHelpers(api: Client<paths>, options: HutongOptions) {
  return {
    /** The openapi-fetch client underneath, typed from the document, for any route the helpers leave out. */
    api,
    baseUrl: options.baseUrl,
    /** A bearer token for a demo persona of this world (password: HUTONG_DEMO_PASSWORD's default unless given). */
    async token(persona: string, { password = 'hutong-demo-2021', days }: TokenOptions = {}): Promise<string> {
      const answer = await api.POST('/api/tokens', { body: { username: persona, password, label: 'hutong/client', expiresInDays: days } });
      return unwrap('createToken', answer).token;
    },
    /** The checkout decision a shopper sees: every wallet of the storefront, shown or not, with its reason. */
    async wallets(storefront: string, context: WalletContext = {}): Promise<WalletDecision> {
      return unwrap(
        'decideWallets',
        await api.GET('/api/storefronts/{slug}/wallets', { params: { path: { slug: storefront }, query: context } }),
      );
    },
    carts: {
      /** Opens a shopper's cart at a storefront (theirs already, if they have one there); without `shopper`, a new shopper. */
      async open(storefront: string, shopper?: string, { idempotencyKey = randomUUID() }: WriteOptions = {}): Promise<Cart> {
        const answer = await api.POST('/api/carts', {
          body: { storefront, ...(shopper ? { shopper } : {}) },
          headers: { 'Idempotency-Key': idempotencyKey },
        });
        return unwrap('openCart', answer);
      },
      async get(id: number, shopper: string): Promise<Cart> {
        return unwrap('getCart', await api.GET('/api/carts/{id}', { params: { path: { id }, query: { shopper } } }));
      },
      /** Adds `quantity` of a product (to its line, if it is there). */
      async add(
        id: number,
        shopper: string,
        product: number,
        quantity = 1,
        { idempotencyKey = randomUUID() }: WriteOptions = {},
      ): Promise<Cart> {
        const answer = await api.POST('/api/carts/{id}/lines', {
          params: { path: { id } },
          body: { shopper, product, quantity },
          headers: { 'Idempotency-Key': idempotencyKey },
        });
        return unwrap('addCartLine', answer);
      },
      /** Sets a line's quantity (0 removes it). */
      async set(id: number, shopper: string, product: number, quantity: number): Promise<Cart> {
        const answer = await api.PATCH('/api/carts/{id}/lines/{product}', {
          params: { path: { id, product } },
          body: { shopper, quantity },
        });
        return unwrap('setCartLine', answer);
      },
      async remove(id: number, shopper: string, product: number): Promise<Cart> {
        const answer = await api.DELETE('/api/carts/{id}/lines/{product}', { params: { path: { id, product }, query: { shopper } } });
        return unwrap('removeCartLine', answer);
      },
      /** Turns the cart into an order to be paid with `wallet`; the same idempotencyKey again answers the same order. */
      async order(id: number, order: CartOrderRequest, { idempotencyKey = randomUUID() }: WriteOptions = {}): Promise<CartOrder> {
        const answer = await api.POST('/api/carts/{id}/order', {
          params: { path: { id } },
          body: order,
          headers: { 'Idempotency-Key': idempotencyKey },
        });
        return unwrap('orderCart', answer);
      },
    },
    orders: {
      /** Places an order from catalogue lines (the server decides the wallets again). */
      async place(order: OrderRequest, { idempotencyKey = randomUUID() }: WriteOptions = {}): Promise<Order> {
        const answer = await api.POST('/api/orders', { body: order, headers: { 'Idempotency-Key': idempotencyKey } });
        return unwrap('placeOrder', answer);
      },
      /** One order, as the shopper who placed it sees it. */
      async get(id: string, shopper: string): Promise<Json<'getOrder', 200>> {
        return unwrap('getOrder', await api.GET('/api/orders/{id}', { params: { path: { id }, query: { shopper } } }));
      },
      /** Records a payment attempt; send the same idempotencyKey again to retry it safely. */
      async pay(id: string, payment: PaymentRequest, { idempotencyKey = randomUUID() }: WriteOptions = {}): Promise<Payment> {
        const answer = await api.POST('/api/orders/{id}/payments', {
          params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
          body: payment,
        });
        return unwrap('payOrder', answer);
      },
    },
    webhooks: {
      /** Subscribes a URL; the answer holds the `whsec_…` secret, shown only here. */
      async create(url: string, events: WebhookEvent[]): Promise<Webhook> {
        return unwrap('createWebhook', await api.POST('/api/webhooks', { body: { url, events } }));
      },
      async list(): Promise<WebhookSummary[]> {
        return unwrap('listWebhooks', await api.GET('/api/webhooks')).webhooks;
      },
      async delete(id: string): Promise<void> {
        unwrap('deleteWebhook', await api.DELETE('/api/webhooks/{id}', { params: { path: { id } } }));
      },
      async deliveries(id: string): Promise<Deliveries> {
        return unwrap('listDeliveries', await api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id } } }));
      },
    },
  };
}

function openApi(options: HutongOptions, baseUrl: string): Client<paths> {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A client of one sandbox: the same helpers on its world, and its clock. */
export type HutongSandbox = ReturnType<typeof worldHelpers> & {
  id: string;
  /** The sandbox's base URL: its pages and API are under it (…/sandboxes/<id>/shop/kaola). */
  url: string;
  clock: {
    /** Moves the sandbox clock forward by an ISO-8601 duration (PT2H, P1D, P1W). */
    advance(duration: string): Promise<MovedSandbox>;
    /** Moves the sandbox clock forward to an instant (2021-10-15T08:00:00Z). */
    to(instant: string): Promise<MovedSandbox>;
    /** Where the sandbox clock stands. */
    now(): Promise<string>;
  };
};

/**
 * A typed client of Hutong's API. One token is meant to serve the default world and every sandbox its owner may
 * use: `hutong.sandbox(id)` keeps it. Pass `{ token }` to use another one in a sandbox.
 */
export function createHutong(options: HutongOptions) {
  const origin = options.baseUrl.replace(/\/+$/, '');
  const api = openApi(options, origin);

  const clock = {
    async advance(sandbox: string, duration: string): Promise<MovedSandbox> {
      const answer = await api.POST('/api/sandboxes/{id}/clock', { params: { path: { id: sandbox } }, body: { advance: duration } });
      return unwrap('moveSandboxClock', answer);
    },
    async to(sandbox: string, instant: string): Promise<MovedSandbox> {
      const answer = await api.POST('/api/sandboxes/{id}/clock', { params: { path: { id: sandbox } }, body: { to: instant } });
      return unwrap('moveSandboxClock', answer);
    },
  };

  const sandboxes = {
    /** A fresh world from a scenario (record, walled, open), its clock standing at `clock` (default: now). */
    async create(body: Body<'createSandbox'> = { scenario: 'record' }): Promise<Sandbox> {
      return unwrap('createSandbox', await api.POST('/api/sandboxes', { body }));
    },
    async list(): Promise<Sandbox[]> {
      return unwrap('listSandboxes', await api.GET('/api/sandboxes')).sandboxes;
    },
    async get(id: string): Promise<Sandbox> {
      return unwrap('getSandbox', await api.GET('/api/sandboxes/{id}', { params: { path: { id } } }));
    },
    async delete(id: string): Promise<void> {
      unwrap('deleteSandbox', await api.DELETE('/api/sandboxes/{id}', { params: { path: { id } } }));
    },
  };

  /**
   * The same client inside sandbox `id` (its pages and API under <baseUrl>/sandboxes/<id>), with this client's
   * token unless `token` names another (null: anonymous).
   */
  function sandbox(id: string, { token }: { token?: string | null } = {}): HutongSandbox {
    const url = `${origin}/sandboxes/${encodeURIComponent(id)}`;
    const inside = { ...options, token: token === undefined ? options.token : (token ?? undefined) };
    return {
      ...worldHelpers(openApi(inside, url), { ...inside, baseUrl: url }),
      id,
      url,
      clock: {
        advance: (duration) => clock.advance(id, duration),
        to: (instant) => clock.to(id, instant),
        now: async () => (await sandboxes.get(id)).now,
      },
    };
  }

  return { ...worldHelpers(api, { ...options, baseUrl: origin }), sandboxes, sandbox, clock };
}

export type Hutong = ReturnType<typeof createHutong>;
