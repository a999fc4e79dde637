import { OrderListJson, OrderWithPaymentsJson, PaymentResultJson, PlacedOrderJson, StorefrontJson, StorefrontListJson, WalletsJson } from '../presenters/api-json.ts';
import { orderId, storefrontSlug } from './inputs/common.ts';
import { OrderBody, PaymentBody, ShopperQuery } from './inputs/orders.ts';
import { WalletsQuery } from './inputs/storefronts.ts';
import { body, edgeProblems, json, jsonSchema, pathParam, queryParams } from './openapi-kit.ts';

/** Storefronts, decisions, orders and payments: anonymous, the shopper named in the request. */

const slug = pathParam('slug', 'eleme', jsonSchema(storefrontSlug, 'input'));
const order = pathParam('id', 'ord_AbC123xyz', jsonSchema(orderId, 'input'));
const shopper = queryParams(ShopperQuery, ['shopper']);
const anyone = [{}, { bearer: [] }];

export const purchasePaths = {
  '/api/storefronts': {
    get: {
      operationId: 'listStorefronts', tags: ['storefronts'], security: anyone,
      summary: 'Every storefront with the wallets it offers now',
      responses: { 200: json(StorefrontListJson, 'storefronts'), ...edgeProblems(false) },
    },
  },
  '/api/storefronts/{slug}': {
    get: {
      operationId: 'getStorefront', tags: ['storefronts'], security: anyone, parameters: [slug],
      summary: 'One storefront with its catalogue (prices in yuan)',
      responses: { 200: json(StorefrontJson, 'the storefront and its products'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/storefronts/{slug}/wallets': {
    get: {
      operationId: 'decideWallets', tags: ['storefronts'], security: anyone, parameters: [slug, ...queryParams(WalletsQuery)],
      summary: 'The checkout decision: every wallet, shown or not, with its reason code',
      description: 'amount in yuan (default 100.00); asOf a day (end of that day, UTC) or an instant; shopper defaults to "anonymous".',
      responses: { 200: json(WalletsJson, 'the decision'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/orders': {
    post: {
      operationId: 'placeOrder', tags: ['orders'], security: anyone, requestBody: body(OrderBody),
      summary: 'Place an order from items (no cart, no session); the server decides again',
      responses: {
        201: json(PlacedOrderJson, 'the order, awaiting payment, with the decision it was placed under',
          { Location: { description: '/api/orders/{id}', schema: { type: 'string' } } }),
        ...edgeProblems(true, 'bad_request', 'not_found', 'wallet_not_shown', 'unprocessable'),
      },
    },
    get: {
      operationId: 'listOrders', tags: ['orders'], security: anyone, parameters: shopper,
      summary: 'The shopper’s orders, newest first',
      responses: { 200: json(OrderListJson, 'orders (without items)'), ...edgeProblems(false, 'bad_request') },
    },
  },
  '/api/orders/{id}': {
    get: {
      operationId: 'getOrder', tags: ['orders'], security: anyone, parameters: [order, ...shopper],
      summary: 'One order with its items and payment attempts; 404 unless shopper is the one who placed it',
      responses: { 200: json(OrderWithPaymentsJson, 'the order'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/orders/{id}/payments': {
    post: {
      operationId: 'payOrder', tags: ['orders'], security: anyone,
      parameters: [order, {
        name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^"?[A-Za-z0-9_.:~-]{8,128}"?$' }, example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
        description: 'IETF httpapi Idempotency-Key: a new random value per payment you mean to make; send the same one to retry safely.',
      }],
      requestBody: body(PaymentBody),
      summary: 'Record a simulated payment attempt with the order’s wallet',
      description: 'The same key and body again answer the stored payment with Idempotent-Replayed: true; the same key with another body is 422 idempotency_mismatch; an order no longer awaiting payment is 409 conflict. The attempt is recorded in one transaction, so concurrent requests with one key are answered one after another: one payment, the rest replays.',
      responses: {
        201: json(PaymentResultJson, 'the payment and the order after it', {
          'Idempotent-Replayed': { description: '"true" when this answers an earlier request with the same key', schema: { type: 'string', enum: ['true'] } },
        }),
        ...edgeProblems(true, 'bad_request', 'not_found', 'conflict', 'wallet_not_shown', 'idempotency_mismatch'),
      },
    },
  },
};

