package org.pymic.train;

import org.pymic.io.data.Batch;
import org.pymic.io.data.BatchLoader;
import org.pymic.io.data.SampleSource;
import org.pymic.io.data.SampleViews;

/**
 * Training batches from a {@link BatchLoader}: shuffled, endless, seeded, with worker threads. Opening at
 * iteration {@code s} skips the first {@code s} batches so that a resumed run sees the batches the
 * uninterrupted run would have seen (the loader derives every batch from the seed, the epoch and the
 * case index). Skipping walks the loader's plan without loading anything, so a late resume starts at once.
 */
public final class LoaderBatches implements BatchSource.Opener {
    private final SampleSource source;
    private final int batchSize;
    private final int workers;
    private final long seed;
    private final int classNum;
    private final int networkDim;
    private final SampleViews views;

    /**
     * @param classNum class count for one-hot labels (0 for unlabelled sources)
     * @param networkDim 2 folds 3D samples slice-wise into the batch, 3 keeps volumes
     */
    public LoaderBatches(SampleSource source, int batchSize, int workers, long seed, int classNum, int networkDim) {
        this(source, batchSize, workers, seed, classNum, networkDim, null);
    }

    /** As above, with named views of each sample made on the loader threads (null for none). */
    public LoaderBatches(SampleSource source, int batchSize, int workers, long seed, int classNum, int networkDim,
                         SampleViews views) {
        this.views = views;
        this.source = source;
        this.batchSize = batchSize;
        this.workers = workers;
        this.seed = seed;
        this.classNum = classNum;
        this.networkDim = networkDim;
    }

    @Override
    public BatchSource open(int startIteration) {
        BatchLoader.Builder b = BatchLoader.builder(source).batchSize(batchSize).numWorkers(workers).seed(seed)
                .shuffle(true).endless(true).classNum(classNum).networkDim(networkDim).skipBatches(startIteration);
        if (views != null) {
            b.views(views);
        }
        BatchLoader loader = b.build();
        return new BatchSource() {
            @Override
            public Batch next() {
                return loader.next();
            }

            @Override
            public void close() {
                loader.close();
            }
        };
    }
}
