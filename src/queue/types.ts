// What a queue driver offers (services spec §4). Bodies are encoded byte strings (the
// queue's codec); drivers never see Lua values.

import type { Maybe } from '../sql/lua-async.js';

export type Headers = Record<string, string | number | boolean>;

export interface QueueMessage {
  id: string;
  body: string;
  headers: Headers;
  /** deliveries so far, this one included */
  attempts: number;
}

export interface Delivery {
  msg: QueueMessage;
  ack(): Maybe<void>;
  /** back to the queue for another delivery */
  nack(): Maybe<void>;
}

export interface Subscription {
  /** stop delivering; messages already delivered stay the consumer's to settle */
  cancel(): void;
}

export interface QueueOptions {
  /** memory: refuse publishes beyond this many waiting messages */
  maxLength: number;
}

export interface QueueDriver {
  publish(queue: string, body: string, headers: Headers, opts: QueueOptions): Maybe<string>;
  /** deliver to `onDelivery`, never more than `prefetch` unsettled at once */
  consume(queue: string, prefetch: number, onDelivery: (d: Delivery) => void): Subscription;
  info(queue: string): Maybe<Record<string, number>>;
  close(): Promise<void>;
}
