package dev.sparkflow.jobs.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent Spark jobs of one step (a dataset's quarantine write, each dataset's curate) from several driver
 * threads at once. A small batch's jobs are mostly fixed cost (planning, task launch, commit) and leave the cores idle;
 * side by side they overlap. Results come back in the order given; the first failure is rethrown as it was.
 */
final class Concurrently {
    private Concurrently() {
    }

    static <T> List<T> run(List<Callable<T>> work) {
        if (work.size() <= 1) return work.isEmpty() ? List.of() : java.util.Collections.singletonList(call(work.get(0)));
        ExecutorService pool = Executors.newFixedThreadPool(work.size(), runnable -> {
            Thread thread = new Thread(runnable, "sparkflow-driver-job");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> w : work) futures.add(pool.submit(w));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(get(f));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
