package dev.quill.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.engine.FinishReason;
import dev.quill.grammar.edits.Edit;
import dev.quill.server.tutor.Correction;
import dev.quill.server.tutor.ExplainedEdit;
import dev.quill.server.tutor.Usage;
import java.util.Locale;

/** The wire form of the tutor's answers (snake_case, as in /openapi.json); {@code quill correct --json} prints the same. */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    public static final com.fasterxml.jackson.databind.ObjectWriter PRETTY_WRITER = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ObjectNode correction(Correction c) {
        ObjectNode o = object();
        o.put("request_id", c.requestId());
        o.put("model", c.model());
        o.put("sentence", c.sentence());
        o.put("corrected", c.corrected());
        o.put("changed", c.changed());
        ArrayNode edits = o.putArray("edits");
        for (ExplainedEdit x : c.edits()) {
            Edit e = x.edit();
            ObjectNode edit = edits.addObject()
                    .put("start", e.start())
                    .put("end", e.end())
                    .put("from", e.from())
                    .put("to", e.to())
                    .put("type", e.type().name())
                    .put("explanation", e.explanation())
                    .put("rule_id", x.ruleId())
                    .put("guess", x.guess());
            ArrayNode seeAlso = edit.putArray("see_also");
            x.seeAlso().forEach(seeAlso::add);
        }
        if (c.guard() == null) {
            o.putNull("guard");
        } else {
            Correction.GuardCheck g = c.guard();
            ObjectNode guard = o.putObject("guard");
            if (Double.isNaN(g.minGain())) guard.putNull("min_gain");
            else guard.put("min_gain", g.minGain());
            if (Double.isNaN(g.gain())) guard.putNull("gain");
            else guard.put("gain", Math.round(g.gain() * 1000) / 1000.0);
            guard.put("kept", g.kept()).put("proposal", g.proposal()).put("dropped_words", g.droppedWords());
            if (Double.isNaN(g.editMinGain())) guard.putNull("edit_min_gain");
            else guard.put("edit_min_gain", g.editMinGain());
            guard.put("edits_undone", g.editsUndone());
        }
        o.set("usage", usage(c.usage()));
        return o;
    }

    static ObjectNode usage(Usage u) {
        ObjectNode o = object();
        o.put("prompt_tokens", u.promptTokens());
        o.put("output_tokens", u.outputTokens());
        o.put("cached_prompt_tokens", u.prefixHitTokens());
        o.put("finish_reason", finishReason(u.finishReason()));
        o.put("queue_ms", u.queueMillis());
        o.put("prefill_ms", u.prefillMillis());
        o.put("decode_ms", u.decodeMillis());
        o.put("total_ms", u.totalMillis());
        o.put("compute_ms", Math.round(u.computeMillis() * 1000) / 1000.0);
        o.put("cost_usd", u.costUsd());
        ArrayNode degraded = o.putArray("degraded");
        u.degraded().forEach(degraded::add);
        return o;
    }

    /** "stop" or "length", the two ways an answered request ends (OpenAI's words too). */
    static String finishReason(FinishReason r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    public static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
