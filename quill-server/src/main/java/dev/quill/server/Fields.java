package dev.quill.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Stage {@code validate.body}, second half: reads the fields of one JSON object, collecting every
 * problem with its JSON Pointer, so one 422 answer names all of them. Missing optional fields
 * and JSON {@code null} read as absent.
 */
final class Fields {
    private final ObjectNode node;
    private final String pointer;
    private final List<ApiError.FieldError> errors;

    Fields(ObjectNode node) {
        this(node, "", new ArrayList<>());
    }

    private Fields(ObjectNode node, String pointer, List<ApiError.FieldError> errors) {
        this.node = node;
        this.pointer = pointer;
        this.errors = errors;
    }

    /** The fields of a nested object, reporting into the same list. @param relativePointer e.g. {@code messages/0} */
    Fields nested(String relativePointer, ObjectNode child) {
        return new Fields(child, pointer + "/" + relativePointer, errors);
    }

    /** Reports every field not in {@code allowed}. */
    Fields allowOnly(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                error(name, "Unknown field '" + clip(name) + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
        return this;
    }

    String path(String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** Reports a problem with the field {@code name} of this object. */
    void error(String name, String detail) {
        errors.add(new ApiError.FieldError(path(name), detail));
    }

    /** Reports a problem at a pointer below this object, e.g. {@code messages/2/content}. */
    void errorAt(String relativePointer, String detail) {
        errors.add(new ApiError.FieldError(pointer + "/" + relativePointer, detail));
    }

    JsonNode get(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    String requiredString(String name) {
        JsonNode v = get(name);
        if (v == null) {
            error(name, "'" + name + "' is required.");
            return null;
        }
        return string(name, v);
    }

    String optionalString(String name) {
        JsonNode v = get(name);
        return v == null ? null : string(name, v);
    }

    private String string(String name, JsonNode v) {
        if (!v.isTextual()) {
            error(name, "'" + name + "' must be a string, not " + kind(v) + ".");
            return null;
        }
        return v.textValue();
    }

    Boolean optionalBoolean(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isBoolean()) {
            error(name, "'" + name + "' must be true or false, not " + kind(v) + ".");
            return null;
        }
        return v.booleanValue();
    }

    Integer optionalInt(String name, int min, int max) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isIntegralNumber() && !(v.isFloatingPointNumber() && v.canConvertToExactIntegral())) {
            error(name, "'" + name + "' must be a whole number, not " + kind(v) + ".");
            return null;
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            error(name, "'" + name + "' must be between " + min + " and " + max + ".");
            return null;
        }
        return v.intValue();
    }

    Double optionalNumber(String name, double min, double max) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isNumber()) {
            error(name, "'" + name + "' must be a number, not " + kind(v) + ".");
            return null;
        }
        double d = v.doubleValue();
        if (!(d >= min && d <= max)) {
            error(name, "'" + name + "' must be between " + plain(min) + " and " + plain(max) + ".");
            return null;
        }
        return d;
    }

    /** Ends the request with 422 if anything was reported. */
    void throwIfInvalid() {
        if (!errors.isEmpty()) throw new ApiException(new ApiError.InvalidRequest(errors));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }

    /** 2 rather than 2.0, 0.5 as it is. */
    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
