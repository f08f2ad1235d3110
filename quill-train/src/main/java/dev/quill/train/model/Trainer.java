package dev.quill.train.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The training loop: batch, forward, backward, clip, AdamW step at the scheduled rate; a
 * progress line, a dev-set loss now and then, and checkpoints from which {@link #run} resumes
 * the same stream of batches.
 */
public final class Trainer {

    /**
     * Everything that shapes a run apart from the model and the data. {@code evalEverySteps} 0
     * means no dev evaluation; every other count is at least 1 (the loop takes steps modulo them).
     */
    public record Options(
            long totalSteps,
            double peakLearningRate,
            long warmupSteps,
            double minLearningRateRatio,
            double weightDecay,
            double gradClip,
            int progressEverySteps,
            int evalEverySteps,
            int checkpointEverySteps) {

        public Options {
            require(totalSteps >= 1, "totalSteps must be at least 1, got " + totalSteps);
            require(peakLearningRate > 0 && Double.isFinite(peakLearningRate),
                    "peakLearningRate must be positive and finite, got " + peakLearningRate);
            require(warmupSteps >= 0 && warmupSteps <= totalSteps,
                    "warmupSteps must lie in [0, " + totalSteps + "], got " + warmupSteps);
            require(minLearningRateRatio >= 0 && minLearningRateRatio <= 1,
                    "minLearningRateRatio must lie in [0, 1], got " + minLearningRateRatio);
            require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay must be finite and not negative, got " + weightDecay);
            // AdamW.clip scales the gradient to at most this norm: 0 would zero every update.
            require(gradClip > 0 && Double.isFinite(gradClip), "gradClip must be positive and finite, got " + gradClip);
            require(progressEverySteps >= 1, "progressEverySteps must be at least 1, got " + progressEverySteps);
            require(evalEverySteps >= 0, "evalEverySteps must be 0 (never) or positive, got " + evalEverySteps);
            require(checkpointEverySteps >= 1, "checkpointEverySteps must be at least 1, got " + checkpointEverySteps);
        }

        private static void require(boolean ok, String message) {
            if (!ok) throw new IllegalArgumentException(message);
        }
    }

    /** What a run did. */
    public record Result(long steps, double lastLoss, double devLoss, long tokens, double seconds) {}

    private final TrainableLlama model;
    private final BatchSampler sampler;
    private final List<TrainingBatch> devBatches;
    private long devTargetBytes;
    private final Options options;
    private final Path checkpointDir;
    private final ObjectNode runInfo;
    private final PrintStream log;

    public Trainer(TrainableLlama model, BatchSampler sampler, List<TrainingBatch> devBatches, Options options,
            Path checkpointDir, ObjectNode runInfo, PrintStream log) {
        this.model = model;
        this.sampler = sampler;
        this.devBatches = devBatches;
        this.options = options;
        this.checkpointDir = checkpointDir;
        this.runInfo = runInfo;
        this.log = log;
    }

    /** Reports the dev loss also in bits per byte of correction text, which compares runs whose tokenizers differ. */
    public Trainer withDevTargetBytes(long bytes) {
        this.devTargetBytes = bytes;
        return this;
    }

    /** Summed loss (nats) and target count over the dev batches (forward only). */
    private double[] devTotals() {
        double sum = 0;
        long n = 0;
        for (TrainingBatch b : devBatches) {
            int t = b.targetCount();
            sum += model.forward(b) * t;
            n += t;
        }
        return new double[] {sum, n};
    }

    /** Mean loss per target token over the dev batches (forward only). */
    public double devLoss() {
        double[] t = devTotals();
        return t[1] == 0 ? Double.NaN : t[0] / t[1];
    }

    /** Trains from {@code startStep} (0 for a fresh run; a checkpoint's step to resume) to the last step. */
    public Result run(long startStep) throws IOException {
        return runUntil(startStep, options.totalSteps());
    }

    /** Trains from {@code startStep} to {@code endStep} (at most the last step), on the schedule of the whole run. */
    public Result runUntil(long startStep, long endStep) throws IOException {
        LearningRateSchedule schedule = new LearningRateSchedule(options.peakLearningRate(), options.warmupSteps(),
                options.totalSteps(), options.minLearningRateRatio());
        AdamW optimizer = new AdamW(0.9, 0.95, 1e-8, options.weightDecay(), model.pool());
        List<Parameter> params = model.parameters();
        long startNanos = System.nanoTime();
        long windowNanos = startNanos;
        long tokens = 0, windowTokens = 0;
        double smoothed = Double.NaN, last = Double.NaN, dev = Double.NaN;
        for (long step = startStep + 1; step <= Math.min(endStep, options.totalSteps()); step++) {
            TrainingBatch batch = sampler.next();
            model.zeroGrad();
            double loss = model.forward(batch);
            model.backward();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("loss is " + loss + " at step " + step + "; lower the learning rate");
            }
            double norm = AdamW.clip(params, options.gradClip());
            double lr = schedule.at(step);
            optimizer.step(params, lr, step);
            last = loss;
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
            tokens += batch.rows();
            windowTokens += batch.rows();
            boolean lastStep = step == Math.min(endStep, options.totalSteps());
            if (step % options.progressEverySteps() == 0 || lastStep) {
                long now = System.nanoTime();
                double rate = windowTokens / ((now - windowNanos) / 1e9);
                double elapsed = (now - startNanos) / 1e9;
                double eta = elapsed / (step - startStep) * (options.totalSteps() - step);
                log.printf("step %d/%d  loss %.4f (avg %.4f)  lr %.2e  |g| %.2f  %.0f tok/s  elapsed %s  eta %s%n",
                        step, options.totalSteps(), loss, smoothed, lr, norm, rate, clock(elapsed), clock(eta));
                windowNanos = now;
                windowTokens = 0;
            }
            if (options.evalEverySteps() > 0 && (step % options.evalEverySteps() == 0 || lastStep) && !devBatches.isEmpty()) {
                double[] totals = devTotals();
                dev = totals[0] / totals[1];
                if (devTargetBytes > 0) {
                    log.printf("step %d  dev loss %.4f  (%.4f bits per byte)%n", step, dev, totals[0] / Math.log(2) / devTargetBytes);
                } else {
                    log.printf("step %d  dev loss %.4f%n", step, dev);
                }
            }
            if (checkpointDir != null && (step % options.checkpointEverySteps() == 0 || lastStep)) {
                Checkpoint.save(checkpointDir, model, new Checkpoint.Position(step, sampler.epoch(), sampler.cursor()), runInfo);
            }
        }
        return new Result(Math.min(endStep, options.totalSteps()), last, dev, tokens, (System.nanoTime() - startNanos) / 1e9);
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
