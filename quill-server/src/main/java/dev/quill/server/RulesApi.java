package dev.quill.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.retrieval.EmbeddingCache;
import dev.quill.retrieval.MarkedSentence;
import dev.quill.retrieval.RuleCard;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.retrieval.ScoredCard;
import dev.quill.server.tutor.Stage;
import io.javalin.http.Context;
import java.util.List;

/**
 * The rule cards behind the tutor's explanations (issue 6): {@code GET /v1/rules/{id}} (one card;
 * 404 {@code /problems/rule-not-found}), {@code GET /v1/rules?q=...&k=n} (the same hybrid search
 * that explains edits, asked as a free question; 422 when {@code q} is missing, empty or too long,
 * or {@code k} is not 1-{@value ServerConfig#MAX_RULES}) and {@code GET /v1/retrieval/stats}
 * (cards, top k, and the query-embedding cache's hits, misses and hit ratio).
 */
final class RulesApi {
    private final QuillServer server;
    private final RuleRetriever retriever;

    RulesApi(QuillServer server) {
        this.server = server;
        this.retriever = server.tutor().retriever();
    }

    void byId(Context ctx) {
        String id = ctx.pathParam("id");
        RuleCard card = retriever.byId(id).orElseThrow(() -> new ApiException(new ApiError.RuleNotFound(id)));
        ctx.json(card(card));
    }

    void search(Context ctx, Call call) {
        long t0 = System.nanoTime();
        Fields f = new Fields(Json.object());
        String raw = ctx.queryParam("q");
        String q = null;
        if (raw == null) f.errorAt("q", "The query parameter 'q' is required: /v1/rules?q=when+do+I+use+an");
        else q = TutorApi.checkSentence(f, "q", raw, server.config().maxSentenceChars());
        int k = retriever.settings().topK();
        String rawK = ctx.queryParam("k");
        if (rawK != null) {
            try {
                k = Integer.parseInt(rawK.strip());
                if (k < 1 || k > ServerConfig.MAX_RULES) f.errorAt("k", "'k' must be between 1 and " + ServerConfig.MAX_RULES + ".");
            } catch (NumberFormatException e) {
                f.errorAt("k", "'k' must be a whole number between 1 and " + ServerConfig.MAX_RULES + ".");
            }
        }
        f.throwIfInvalid();
        server.stage(call, Stage.VALIDATE_BODY, t0);
        server.noteText(ctx, q);
        long r0 = System.nanoTime();
        List<ScoredCard> found = retriever.search(q, k);
        server.stage(call, Stage.RETRIEVE_HYBRID, r0);
        ObjectNode o = Json.object();
        o.put("query", q);
        o.put("k", k);
        ArrayNode rules = o.putArray("rules");
        for (ScoredCard s : found) {
            ObjectNode r = card(s.card());
            r.put("score", s.score());
            rules.add(r);
        }
        ctx.json(o);
    }

    void stats(Context ctx) {
        EmbeddingCache cache = retriever.cache();
        EmbeddingCache.Stats s = cache.stats();
        ObjectNode o = Json.object();
        o.put("cards", retriever.cards().size());
        o.put("top_k", retriever.settings().topK());
        ObjectNode c = o.putObject("embedding_cache");
        c.put("hits", s.hits());
        c.put("misses", s.misses());
        c.put("hit_ratio", s.hitRatio());
        c.put("entries", s.entries());
        c.put("max_entries", cache.maximumEntries());
        ctx.json(o);
    }

    static ObjectNode card(RuleCard card) {
        ObjectNode o = Json.object();
        o.put("id", card.id());
        o.put("title", card.title());
        ArrayNode types = o.putArray("types");
        card.types().forEach(t -> types.add(t.name()));
        o.put("explanation", card.explanation());
        ArrayNode examples = o.putArray("examples");
        for (MarkedSentence m : card.examples()) examples.addObject().put("wrong", m.wrong()).put("right", m.right());
        return o;
    }
}
