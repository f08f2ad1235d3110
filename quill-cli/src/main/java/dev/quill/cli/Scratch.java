package dev.quill.cli;

import dev.quill.retrieval.*;
import java.util.*;

public final class Scratch {
    public static void main(String[] a) {
        RuleCards cards = RuleCards.bundled();
        var training = LabelledQueries.training(cards);
        var dev = LabelledQueries.probes(cards, LabelledQueries.ProbeSplit.DEV);
        String what = a[0];
        if (what.equals("fail")) {
            CardEncoder enc = EncoderTrainer.train(cards, training, EncoderConfig.defaults());
            RuleRetriever r = RuleRetriever.build(cards, enc, RuleRetriever.Settings.defaults());
            RuleRetriever.Mode mode = RuleRetriever.Mode.valueOf(a[1]);
            for (LabelledQuery q : dev) {
                int rank = RetrievalEvaluation.rank(r, q, mode);
                if (rank == 1) continue;
                var top = r.search(q.query(), 3, mode);
                System.out.printf("%s rank %d | %s | %s -> %s%n", q.cardId(), rank, q.query().text(),
                        q.query().edits().stream().map(e -> e.from() + ">" + e.to()).toList(), top.stream().map(s -> s.card().id()).toList());
            }
            return;
        }
        // sweep: dim vocab epochs batch lr temp tokdrop typedrop
        for (String spec : a) {
            String[] p = spec.split(",");
            EncoderConfig c = new EncoderConfig(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]),
                    Float.parseFloat(p[4]), Float.parseFloat(p[5]), Float.parseFloat(p[6]), Float.parseFloat(p[7]), 42);
            CardEncoder enc = EncoderTrainer.train(cards, training, c);
            RuleRetriever r = RuleRetriever.build(cards, enc, RuleRetriever.Settings.defaults());
            var d = RetrievalEvaluation.evaluate(r, dev, RuleRetriever.Mode.DENSE);
            var h = RetrievalEvaluation.evaluate(r, dev, RuleRetriever.Mode.HYBRID);
            System.out.printf("%s dense %.3f %.3f %.3f hybrid %.3f %.3f %.3f loss %.3f %d ms%n", spec, d.recallAt1(), d.recallAt5(), d.mrr(),
                    h.recallAt1(), h.recallAt5(), h.mrr(), enc.stats().lastEpochLoss(), enc.stats().trainMillis());
        }
    }
}
