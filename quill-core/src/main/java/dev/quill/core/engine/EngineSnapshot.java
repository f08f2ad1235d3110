package dev.quill.core.engine;

/**
 * The engine at the end of its last step; cheap to read from any thread.
 *
 * @param running              sequences in the running batch
 * @param waiting              sequences waiting (new or preempted)
 * @param kvBlocksUsed         blocks referenced by live sequences
 * @param kvBlocksTotal        blocks in the pool
 * @param prefixQueriedTokens  prompt tokens looked up in the prefix cache at admission, all time
 * @param prefixHitTokens      of those, tokens found cached
 * @param preemptions          sequences preempted, all time
 * @param steps                steps run, all time
 * @param rejected             submissions refused, all time
 * @param draftProposedTokens  draft tokens appended to steps for verification, all time
 * @param draftAcceptedTokens  of those, tokens the model confirmed
 */
public record EngineSnapshot(int running, int waiting, int kvBlocksUsed, int kvBlocksTotal, long prefixQueriedTokens,
        long prefixHitTokens, long preemptions, long steps, long rejected, long draftProposedTokens,
        long draftAcceptedTokens) {

    /** The share of proposed draft tokens accepted (0 when none was proposed). */
    public double draftAcceptanceRatio() {
        return draftProposedTokens == 0 ? 0 : (double) draftAcceptedTokens / draftProposedTokens;
    }

    public double kvUsageRatio() {
        return kvBlocksTotal == 0 ? 0 : (double) kvBlocksUsed / kvBlocksTotal;
    }

    public double prefixHitRatio() {
        return prefixQueriedTokens == 0 ? 0 : (double) prefixHitTokens / prefixQueriedTokens;
    }
}
