package org.pymic.io.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

/**
 * Produces {@link Batch}es from a {@link SampleSource} with worker threads and a bounded prefetch
 * queue, like a PyTorch DataLoader but reproducible: sample {@code i} of epoch {@code e} is
 * transformed with a generator seeded from (seed, e, i) and batches are assembled in order, so the
 * batches are the same for a seed whatever the number of workers (0 = load on the calling thread).
 * Each epoch visits every case once, in a fresh permutation when shuffling (also derived from the
 * seed and the epoch); the last batch of an epoch may be smaller unless {@code dropLast}.
 * {@code endless} iterates epoch after epoch, for iteration-based training. A failure in a worker is
 * rethrown by {@link #next()} naming the case (CSV row and file). {@link #close()} stops the threads.
 * Labelled and unlabelled data are two loaders. {@link Builder#views} adds named views of every
 * sample ({@link SampleViews}), made on the worker threads with the sample's generator after the
 * source's own transforms, so they too are the same for a seed whatever the number of workers.
 *
 * <pre>{@code
 * try (BatchLoader loader = BatchLoader.builder(dataset).batchSize(4).numWorkers(2).seed(1)
 *         .shuffle(true).endless(true).classNum(2).networkDim(2).build()) {
 *     Batch b = loader.next();
 * }
 * }</pre>
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {
    private final SampleSource source;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean endless;
    private final boolean dropLast;
    private final BatchAssembler assembler;
    private final List<SampleViews> views;
    private final ExecutorService pool;
    private final BlockingQueue<Pending> queue;
    private final Thread coordinator;
    private final Plan plan;
    private volatile boolean closed;
    private Pending peeked;
    private int lastEpoch = -1;

    private record Pending(int epoch, CompletableFuture<Batch> batch) {
        static final Pending END = new Pending(-1, null);
    }

    private BatchLoader(Builder b) {
        this.source = b.source;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.endless = b.endless;
        this.dropLast = b.dropLast;
        this.assembler = new BatchAssembler(b.classNum, b.networkDim);
        this.views = List.copyOf(b.views);
        Set<String> viewNames = new HashSet<>();
        for (SampleViews v : views) {
            for (String name : v.names()) {
                if (!viewNames.add(name)) {
                    throw PymicException.config("view '" + name + "' is declared twice on one loader");
                }
            }
        }
        if (source.size() == 0) {
            throw PymicException.data("the case list is empty: no batch can be made");
        }
        if (batchSize < 1) {
            throw PymicException.config("batch size must be at least 1, got " + batchSize);
        }
        if (dropLast && source.size() < batchSize) {
            throw PymicException.data(source.size() + " case(s) cannot fill one batch of " + batchSize);
        }
        this.plan = new Plan();
        for (long i = 0; i < b.skip; i++) {
            if (plan.next() == null) {
                break;
            }
        }
        if (b.numWorkers > 0) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(b.numWorkers, r -> {
                Thread t = new Thread(r, "pymic-loader-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            queue = new ArrayBlockingQueue<>(Math.max(1, b.prefetch));
            coordinator = new Thread(this::produce, "pymic-loader-plan");
            coordinator.setDaemon(true);
            coordinator.start();
        } else {
            pool = null;
            queue = null;
            coordinator = null;
        }
    }

    public static Builder builder(SampleSource source) {
        return new Builder(source);
    }

    /** The generator of sample {@code index} in {@code epoch}: a pure function of (seed, epoch, index). */
    public static SplittableRandom sampleRandom(long seed, int epoch, int index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ epoch) ^ (index + 0x5DEECE66DL)));
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Case indices of epoch {@code e} in visiting order. */
    int[] order(int epoch) {
        int n = source.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = sampleRandom(seed, epoch, -1);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** Walks epochs and batches in order. */
    private final class Plan {
        private int epoch;
        private int pos;
        private int[] order = order(0);

        /** The next batch's indices, or null when done; sets {@link #currentEpoch}. */
        int[] next() {
            int n = order.length;
            if (pos >= n || (dropLast && pos + batchSize > n)) {
                if (!endless) {
                    return null;
                }
                epoch++;
                pos = 0;
                order = order(epoch);
            }
            int end = Math.min(n, pos + batchSize);
            int[] out = java.util.Arrays.copyOfRange(order, pos, end);
            pos = end;
            return out;
        }
    }

    private Sample load(int epoch, int index) {
        try {
            SplittableRandom rng = sampleRandom(seed, epoch, index);
            Sample s = source.get(index, rng);
            for (SampleViews v : views) {
                s = v.apply(s, rng);
            }
            return s;
        } catch (PymicException e) {
            throw new PymicException(e.exitCode(), source.describe(index) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new PymicException(ExitCode.FAILURE, source.describe(index) + ": loading failed: " + e, e);
        }
    }

    private Batch assemble(int epoch, int[] indices) {
        List<Sample> samples = new ArrayList<>();
        for (int i : indices) {
            samples.add(load(epoch, i));
        }
        return assembler.assemble(samples);
    }

    private void produce() {
        try {
            while (!closed) {
                int epoch = plan.epoch;
                int[] idx = plan.next();
                if (idx == null) {
                    queue.put(Pending.END);
                    return;
                }
                if (idx.length > 0 && plan.epoch != epoch) {
                    epoch = plan.epoch;
                }
                final int e = epoch;
                List<CompletableFuture<Sample>> parts = new ArrayList<>();
                for (int i : idx) {
                    parts.add(CompletableFuture.supplyAsync(() -> load(e, i), pool));
                }
                CompletableFuture<Batch> batch = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                        .thenApply(v -> assembler.assemble(parts.stream().map(CompletableFuture::join).toList()));
                queue.put(new Pending(e, batch));
            }
        } catch (InterruptedException | java.util.concurrent.RejectedExecutionException e) {
            // closed while planning: stop quietly
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (peeked == null) {
            peeked = fetch();
        }
        return peeked != Pending.END;
    }

    private Pending fetch() {
        if (pool == null) {
            int epoch = plan.epoch;
            int[] idx = plan.next();
            if (idx == null) {
                return Pending.END;
            }
            int e = plan.epoch != epoch ? plan.epoch : epoch;
            try {
                return new Pending(e, CompletableFuture.completedFuture(assemble(e, idx)));
            } catch (RuntimeException ex) {
                return new Pending(e, CompletableFuture.failedFuture(ex));
            }
        }
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PymicException(ExitCode.INTERRUPTED, "interrupted while waiting for a batch");
        }
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches");
        }
        Pending p = peeked;
        peeked = null;
        lastEpoch = p.epoch();
        try {
            return p.batch().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PymicException(ExitCode.INTERRUPTED, "interrupted while waiting for a batch");
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
                c = c.getCause();
            }
            close();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new PymicException(ExitCode.FAILURE, "batch loading failed: " + c, c);
        }
    }

    /** The epoch of the batch last returned by {@link #next()} (0-based), -1 before the first. */
    public int epoch() {
        return lastEpoch;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public void close() {
        closed = true;
        if (coordinator != null) {
            coordinator.interrupt();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Settings of a {@link BatchLoader}; defaults: batch 1, no workers, seed 1, one epoch in order. */
    public static final class Builder {
        private final SampleSource source;
        private int batchSize = 1;
        private int numWorkers;
        private long seed = 1;
        private boolean shuffle;
        private boolean endless;
        private boolean dropLast;
        private int classNum;
        private int networkDim = 3;
        private int prefetch = 2;
        private long skip;
        private final List<SampleViews> views = new ArrayList<>();

        private Builder(SampleSource source) {
            this.source = source;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** Loader threads ({@code num_worker}); 0 loads on the calling thread. */
        public Builder numWorkers(int n) {
            this.numWorkers = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder shuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        /** Start a new epoch after the last one instead of stopping. */
        public Builder endless(boolean e) {
            this.endless = e;
            return this;
        }

        public Builder dropLast(boolean d) {
            this.dropLast = d;
            return this;
        }

        /** Class count K for one-hot labels (0 when labels are already probabilities). */
        public Builder classNum(int k) {
            this.classNum = k;
            return this;
        }

        /** 2 folds 3D samples slice-wise into the batch; 3 keeps {N, C, D, H, W}. */
        public Builder networkDim(int d) {
            this.networkDim = d;
            return this;
        }

        /** Batches prepared ahead of the consumer (bounded queue). */
        public Builder prefetch(int n) {
            this.prefetch = n;
            return this;
        }

        /**
         * Start after the first {@code n} batches, as if {@link BatchLoader#next()} had been called
         * {@code n} times, without loading them: a batch depends only on the seed, its epoch and its cases.
         */
        public Builder skipBatches(long n) {
            this.skip = n;
            return this;
        }

        /**
         * Adds named views of every sample (extra arrays {@code <view>} and {@code <view>/<mask>} of
         * each batch); may be called more than once, with distinct view names.
         */
        public Builder views(SampleViews v) {
            this.views.add(Objects.requireNonNull(v, "views"));
            return this;
        }

        public BatchLoader build() {
            return new BatchLoader(this);
        }
    }
}
