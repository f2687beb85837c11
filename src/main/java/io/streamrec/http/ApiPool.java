package io.streamrec.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The threads that answer user requests (store reads, forwarding), apart from the server's own threads so that
 * health probes answer while these are all busy. Bounded: {@code threads} workers and {@code queue} waiting
 * requests; beyond that, and past {@code timeout}, the answer is 503 with {@code Retry-After}.
 */
final class ApiPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final Duration timeout;

    ApiPool(int threads, int queue, Duration timeout) {
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, waiting, r -> {
            Thread t = new Thread(r, "streamrec-http-api");
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
        this.timeout = timeout;
    }

    CompletableFuture<Reply> submit(Supplier<Reply> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor).completeOnTimeout(
                    Reply.retryLater("no answer within " + timeout.toMillis() + " ms"), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Reply.retryLater("busy: every API thread is taken"));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
