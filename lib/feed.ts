/**
 * A push source with backpressure: the producer calls the sink as data arrives, the consumer
 * pauses and resumes it. Streaming routes use it instead of chains of async generators, whose
 * promise hops per item are what a proxy spends its CPU on when it relays many streams
 * (see lib/api/sse-response.ts and lib/providers/openai-stream.ts).
 */
export interface FeedSink<T> {
  push(item: T): void;
  /** The source finished normally. Nothing is called after end or error. */
  end(): void;
  error(err: unknown): void;
}

export interface Feed<T> {
  /** Begin delivering to `sink`; called once. */
  start(sink: FeedSink<T>): void;
  pause(): void;
  resume(): void;
  /** The consumer went away: stop producing and release what the source holds (settles once released). */
  cancel(): void | Promise<void>;
}

/** A feed over an async iterable (the generic path: provider SDKs, several choices). */
export function feedFrom<T>(source: AsyncIterable<T>): Feed<T> {
  const it = source[Symbol.asyncIterator]();
  let paused = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  const resume = () => {
    paused = false;
    wake?.();
    wake = undefined;
  };
  return {
    start(sink) {
      void (async () => {
        try {
          for (;;) {
            if (paused) await new Promise<void>((r) => (wake = r));
            if (stopped) return;
            const r = await it.next();
            if (stopped) return;
            if (r.done) return sink.end();
            sink.push(r.value);
          }
        } catch (err) {
          if (!stopped) sink.error(err);
        }
      })();
    },
    pause() {
      paused = true;
    },
    resume,
    async cancel() {
      if (stopped) return;
      stopped = true;
      resume();
      await it.return?.(undefined)?.catch(() => undefined);
    },
  };
}

/** The same feed with each item mapped (pause, resume and cancel pass through). */
export function mapFeed<T, U>(feed: Feed<T>, map: (item: T) => U): Feed<U> {
  return {
    start: (sink) =>
      feed.start({ push: (item) => sink.push(map(item)), end: () => sink.end(), error: (e) => sink.error(e) }),
    pause: () => feed.pause(),
    resume: () => feed.resume(),
    cancel: () => feed.cancel(),
  };
}

/** Runs a feed to its end, handing every item to `onItem`; rejects with the feed's error. */
export function drainFeed<T>(feed: Feed<T>, onItem: (item: T) => void): Promise<void> {
  return new Promise((resolve, reject) => feed.start({ push: onItem, end: resolve, error: reject }));
}
