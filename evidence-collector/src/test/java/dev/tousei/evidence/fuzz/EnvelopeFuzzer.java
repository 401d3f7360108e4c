package dev.tousei.evidence.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.bench.EnvelopeMix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded, reproducible fuzz cases for {@code aws.events.v1}: each starts from a real-shaped envelope (the benchmark's
 * {@link EnvelopeMix} of CloudTrail calls, sign-ins, Config and GuardDuty events, or one of the collector's own
 * fixtures, which add Security Hub findings) and gets one {@link Mutation}. The same seed gives the same cases, apart
 * from the run's marker and times relative to now.
 *
 * <p>Every case's envelope id (and CloudTrail {@code detail.eventID}) holds a unique marker, so a stored row names its
 * case through {@code source_event_id}; a dead letter names it through its origin partition and offset.
 */
public final class EnvelopeFuzzer {

    /** The validator's limit (EnvelopeValidator.MAX_ENVELOPE_BYTES), repeated so the fuzzer probes it from outside. */
    static final int LIMIT = 262_144;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("src/test/resources/events");
    private static final String[] ENVELOPE_FIELDS = {"version", "id", "detail-type", "source", "account", "time",
        "region", "resources", "detail"};

    private final SplittableRandom random;
    private final String run;
    private final EnvelopeMix mix;
    private final List<ObjectNode> fixtures;
    private final List<FuzzCase> unmutated = new ArrayList<>();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final int totalWeight;
    private int count;

    public EnvelopeFuzzer(long seed, String run, Path catalogDirectory) {
        this.random = new SplittableRandom(seed);
        this.run = run;
        this.mix = new EnvelopeMix(seed, 40, 0.3, 0, catalogDirectory);
        this.fixtures = loadFixtures();
        int weights = 0;
        for (Mutation mutation : Mutation.values()) {
            weights += mutation.weight;
        }
        this.totalWeight = weights;
    }

    /** The marker prefix shared by every case of this run. */
    public String markerPrefix() {
        return "fz" + run + "x";
    }

    public FuzzCase next() {
        int number = count++;
        Mutation mutation = pickMutation();
        if (mutation.repeatsAnEarlierCase() && unmutated.isEmpty()) {
            mutation = Mutation.NONE;
        }
        String marker = markerPrefix() + number;
        FuzzCase fuzzCase = switch (mutation) {
            case DUPLICATE_DELIVERY -> {
                FuzzCase original = unmutated.get(random.nextInt(unmutated.size()));
                yield new FuzzCase(number, original.marker(), mutation, "resend of #" + original.number(),
                        original.base(), original.key(), original.value(), original.number(), -1);
            }
            case DUPLICATE_ID -> {
                FuzzCase original = unmutated.get(random.nextInt(unmutated.size()));
                ObjectNode envelope = parse(original.value());
                envelope.withObject("detail").put("fuzzNote", "same id as #" + original.number() + ", other content");
                envelope.put("time", now.minusSeconds(random.nextInt(3600)).toString());
                yield new FuzzCase(number, original.marker(), mutation, "id of #" + original.number(),
                        original.base(), original.key(), bytes(envelope), original.number(), -1);
            }
            default -> mutate(number, marker, mutation);
        };
        if (mutation == Mutation.NONE) {
            unmutated.add(fuzzCase);
        }
        return fuzzCase;
    }

    /** A valid envelope sent explicitly to {@code partition} after all cases: stored only if that consumer goes on. */
    public FuzzCase sentinel(int partition) {
        Base base = base();
        String marker = markerPrefix() + "s" + partition;
        mark(base.envelope, marker);
        return new FuzzCase(-1 - partition, marker, Mutation.NONE, "sentinel", base.kind,
                base.envelope.path("account").asText(), bytes(base.envelope), -1, partition);
    }

    // ----------------------------------------------------------------------------------------------------- mutations

    private FuzzCase mutate(int number, String marker, Mutation mutation) {
        Base base = base();
        ObjectNode envelope = base.envelope;
        mark(envelope, marker);
        String key = envelope.path("account").asText();
        String variant;
        byte[] value;
        switch (mutation) {
            case NONE -> {
                variant = "as generated";
                value = bytes(envelope);
            }
            case TRUNCATE -> {
                byte[] whole = bytes(envelope);
                int at = random.nextInt(whole.length);
                variant = "at " + at + " of " + whole.length;
                value = java.util.Arrays.copyOf(whole, at);
            }
            case ENVELOPE_TYPE_SWAP -> {
                String field = pick(ENVELOPE_FIELDS);
                JsonNode other = otherType(envelope.get(field));
                envelope.set(field, other);
                variant = field + "=" + other.getNodeType().name().toLowerCase();
                value = bytes(envelope);
            }
            case DETAIL_TYPE_SWAP -> {
                List<Slot> slots = slots(envelope.withObject("detail"));
                Slot slot = slots.get(random.nextInt(slots.size()));
                JsonNode other = otherType(slot.get());
                slot.set(other);
                variant = "detail" + slot.path + "=" + other.getNodeType().name().toLowerCase();
                value = bytes(envelope);
            }
            case REMOVE_FIELD -> {
                if (random.nextBoolean()) {
                    String field = pick(ENVELOPE_FIELDS);
                    envelope.remove(field);
                    variant = "-" + field;
                } else {
                    List<Slot> slots = slots(envelope.withObject("detail"));
                    Slot slot = slots.get(random.nextInt(slots.size()));
                    slot.remove();
                    variant = "-detail" + slot.path;
                }
                value = bytes(envelope);
            }
            case DUPLICATE_KEY -> {
                String text = envelope.toString();
                boolean inDetail = random.nextBoolean();
                int at = inDetail ? text.indexOf("\"detail\":{") + "\"detail\":{".length() : 1;
                String extra = inDetail ? "\"eventName\":\"DeleteTrail\"," : "\"" + pick(ENVELOPE_FIELDS)
                        + "\":\"duplicate\",";
                variant = inDetail ? "detail.eventName twice" : "envelope key twice";
                value = (text.substring(0, at) + extra + text.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
            case HUGE_STRING -> {
                int target = switch (random.nextInt(5)) {
                    case 0 -> LIMIT;
                    case 1 -> LIMIT - random.nextInt(1, 200);
                    case 2 -> LIMIT + 1;
                    case 3 -> LIMIT + random.nextInt(2, 200);
                    default -> LIMIT + random.nextInt(1_000, 40_000);
                };
                String where = switch (random.nextInt(5)) {
                    case 0, 1 -> "detail value";
                    case 2 -> "detail key";
                    case 3 -> "source";
                    default -> "resources[0]";
                };
                variant = where + ", " + (target <= LIMIT ? "≤ limit" : "> limit");
                value = padTo(envelope, where, target, random.nextInt(4) == 0);
            }
            case DEEP_NESTING -> {
                int depth = pick(new int[] {10, 40, 60, 61, 62, 63, 64, 65, 100, 1_000, 10_000});
                boolean arrays = random.nextBoolean();
                String nested = nest(depth, arrays);
                if (random.nextInt(5) == 0) {
                    variant = "top level, " + depth + (arrays ? " arrays" : " objects");
                    value = nested.getBytes(StandardCharsets.UTF_8);
                } else {
                    variant = "detail.fuzzNested, " + depth + (arrays ? " arrays" : " objects");
                    envelope.withObject("detail").put("fuzzNested", "@@NEST@@");
                    value = envelope.toString().replace("\"@@NEST@@\"", nested).getBytes(StandardCharsets.UTF_8);
                }
            }
            case INVALID_UTF8 -> {
                byte[][] sequences = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xE9}};
                String[] names = {"FF", "C3 28", "lone continuation 80", "overlong C0 AF", "surrogate ED A0 80",
                    "above U+10FFFF", "cut E2 82", "Latin-1 E9"};
                int which = random.nextInt(sequences.length);
                boolean inId = random.nextBoolean();
                variant = names[which] + (inId ? " in id" : " in detail");
                if (inId) {
                    envelope.put("id", marker + "@@BAD@@");
                } else {
                    envelope.withObject("detail").put("fuzzNote", "before @@BAD@@ after");
                }
                value = replace(bytes(envelope), "@@BAD@@", sequences[which]);
            }
            case BOM -> {
                byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                switch (random.nextInt(3)) {
                    case 0 -> {
                        variant = "UTF-8 BOM first";
                        value = concat(utf8Bom, bytes(envelope));
                    }
                    case 1 -> {
                        variant = "BOM inside detail string";
                        envelope.withObject("detail").put("fuzzNote", "\uFEFFtext");
                        value = bytes(envelope);
                    }
                    default -> {
                        variant = "UTF-16 BOM first";
                        value = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, bytes(envelope));
                    }
                }
            }
            case NUL -> {
                switch (random.nextInt(4)) {
                    case 0 -> {
                        variant = "raw NUL in detail string";
                        envelope.withObject("detail").put("fuzzNote", "a@@NUL@@b");
                        value = replace(bytes(envelope), "@@NUL@@", new byte[] {0});
                    }
                    case 1 -> {
                        variant = "\\u0000 in detail string";
                        envelope.withObject("detail").put("fuzzNote", "a\u0000b");
                        value = bytes(envelope);
                    }
                    case 2 -> {
                        variant = "\\u0000 in a summarised field";
                        ObjectNode detail = envelope.withObject("detail");
                        String field = detail.has("eventName") ? "eventName" : detail.has("type") ? "type"
                                : "configRuleName";
                        detail.put(field, detail.path(field).asText("x") + "\u0000");
                        value = bytes(envelope);
                    }
                    default -> {
                        variant = "NUL after the envelope";
                        value = concat(bytes(envelope), new byte[] {0});
                    }
                }
            }
            case ODD_TIME -> {
                Map.Entry<String, JsonNode> odd = oddTime();
                envelope.set("time", odd.getValue());
                variant = "time=" + odd.getKey();
                if (random.nextInt(4) == 0 && envelope.path("detail").has("eventTime")) {
                    envelope.withObject("detail").set("eventTime", odd.getValue());
                    variant += " (and detail.eventTime)";
                }
                value = bytes(envelope);
            }
            case ODD_ID -> {
                String[][] ids = {{"empty", ""}, {"blank", "   "}, {"tab", "\t"},
                    {"unicode digits", marker + "\u0663\u0664\u0665"}, {"emoji", marker + "-\uD83D\uDE42"},
                    {"RTL override", marker + "\u202Eevil"}, {"newline", marker + "\n"},
                    {"256 chars", pad(marker, 256)}, {"257 chars", pad(marker, 257)},
                    {"SQL", marker + "'; drop table evidence; --"}, {"format", marker + "%s%n%d"},
                    {"leading spaces", "  " + marker}, {"lone surrogate", marker + "@@SURROGATE@@"},
                    {"NUL", marker + "\u0000"}, {"full-width", marker + "\uFF11\uFF12"}};
                String[] id = ids[random.nextInt(ids.length)];
                envelope.put("id", id[1]);
                variant = "id " + id[0];
                if (random.nextInt(3) == 0 && envelope.path("detail").has("eventID")) {
                    envelope.withObject("detail").put("eventID", id[1]);
                    variant += " (and eventID)";
                }
                value = bytes(envelope);
                if (id[1].endsWith("@@SURROGATE@@")) {
                    // Jackson will not write a lone surrogate; the JSON escape of one is what a broken producer sends
                    while (indexOf(value, "@@SURROGATE@@") >= 0) {
                        value = replace(value, "@@SURROGATE@@", "\\ud800".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            case ODD_ACCOUNT -> {
                Object[][] accounts = {{"empty", ""}, {"11 digits", "12345678901"}, {"13 digits", "1234567890123"},
                    {"Arabic-Indic digits", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662"},
                    {"full-width digits", "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF10\uFF11\uFF12"},
                    {"number", 123456789012L}, {"leading space", " 123456789012"}, {"trailing newline",
                    "123456789012\n"}, {"all zeros", "000000000000"}, {"negative", "-12345678901"},
                    {"letter", "12345678901a"}, {"null", null}};
                Object[] account = accounts[random.nextInt(accounts.length)];
                if (account[1] == null) {
                    envelope.putNull("account");
                } else if (account[1] instanceof Long digits) {
                    envelope.put("account", digits);
                } else {
                    envelope.put("account", (String) account[1]);
                    if (random.nextBoolean()) {
                        key = (String) account[1];
                    }
                }
                variant = "account " + account[0];
                value = bytes(envelope);
            }
            case NOT_JSON -> {
                String text = envelope.toString();
                String[][] payloads = {{"empty", ""}, {"null", "null"}, {"true", "true"}, {"number", "42"},
                    {"string", "\"aws.events\""}, {"empty array", "[]"}, {"array of envelopes", "[" + text + "]"},
                    {"empty object", "{}"}, {"XML", "<event><id>" + marker + "</id></event>"},
                    {"whitespace", " \n\t "}, {"two objects", text + text}, {"trailing garbage", text + " trailing"},
                    {"comment", "// note\n" + text}, {"single quotes", text.replace('"', '\'')},
                    {"NaN", text.substring(0, text.length() - 1) + ",\"fuzzNumber\":NaN}"},
                    {"trailing comma", text.substring(0, text.length() - 1) + ",}"}, {"random bytes", null}};
                String[] payload = payloads[random.nextInt(payloads.length)];
                variant = payload[0];
                if (payload[1] == null) {
                    value = new byte[random.nextInt(1, 300)];
                    random.nextBytes(value);
                } else {
                    value = payload[1].getBytes(StandardCharsets.UTF_8);
                }
            }
            case NULL_VALUE -> {
                value = null;
                if (random.nextBoolean()) {
                    key = null;
                    variant = "null key and value";
                } else {
                    variant = "null value";
                }
            }
            default -> throw new IllegalStateException("not a single-case mutation: " + mutation);
        }
        return new FuzzCase(number, marker, mutation, variant, base.kind, key, value, -1, -1);
    }

    private Map.Entry<String, JsonNode> oddTime() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String recent = now.minusSeconds(random.nextInt(3600)).toString();
        String local = recent.substring(0, recent.length() - 1);
        Object[][] times = {{"leap second", "2016-12-31T23:59:60Z"}, {"year 0", "0000-01-01T00:00:00Z"},
            {"year 9999", "9999-12-31T23:59:59Z"}, {"year +10000", "+10000-01-01T00:00:00Z"},
            {"year -1", "-0001-01-01T00:00:00Z"}, {"offset +14:00", now.atOffset(ZoneOffset.ofHours(14)).toString()},
            {"offset -12:00", now.atOffset(ZoneOffset.ofHours(-12)).toString()}, {"offset +18:00", local + "+18:00"},
            {"offset +99:00", local + "+99:00"}, {"no offset", local}, {"lower case", recent.toLowerCase()},
            {"nanoseconds", local + ".123456789Z"}, {"ten fraction digits", local + ".1234567891Z"},
            {"epoch seconds number", nodes.numberNode(now.getEpochSecond())},
            {"epoch millis number", nodes.numberNode(now.toEpochMilli())},
            {"epoch string", Long.toString(now.getEpochSecond())}, {"empty", ""}, {"blank", " "},
            {"30 February", "2024-02-30T00:00:00Z"}, {"month 13", "2024-13-01T00:00:00Z"},
            {"space separator", recent.replace('T', ' ')}, {"date only", recent.substring(0, 10)},
            {"now", "now"}, {"in 23 hours", now.plus(23, ChronoUnit.HOURS).toString()},
            {"in 25 hours", now.plus(25, ChronoUnit.HOURS).toString()}, {"2005", "2005-12-31T23:59:59Z"},
            {"2006-01-01", "2006-01-01T00:00:00Z"}, {"array", nodes.arrayNode().add(recent)}};
        Object[] time = times[random.nextInt(times.length)];
        JsonNode node = time[1] instanceof JsonNode json ? json : nodes.textNode((String) time[1]);
        return Map.entry((String) time[0], node);
    }

    // ------------------------------------------------------------------------------------------------------ the base

    private record Base(String kind, ObjectNode envelope) {
    }

    private Base base() {
        if (random.nextInt(10) < 7) {
            EnvelopeMix.Generated generated = mix.next();
            return new Base(generated.kind(), parse(generated.value()));
        }
        ObjectNode fixture = fixtures.get(random.nextInt(fixtures.size())).deepCopy();
        List<String> accounts = mix.accounts();
        fixture.put("account", accounts.get(random.nextInt(accounts.size())));
        return new Base("fixture " + fixture.path("detail-type").asText(), fixture);
    }

    /** The marker in the id and, for CloudTrail, the eventID: the evidence's source_event_id is then the marker. */
    private static void mark(ObjectNode envelope, String marker) {
        envelope.put("id", marker);
        JsonNode detail = envelope.get("detail");
        if (detail instanceof ObjectNode object && object.path("eventID").isTextual()) {
            object.put("eventID", marker);
        }
    }

    private static List<ObjectNode> loadFixtures() {
        List<ObjectNode> loaded = new ArrayList<>();
        for (String folder : List.of("normalize", "rules")) {
            try (Stream<Path> files = Files.list(FIXTURES.resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    if (file.getFileName().toString().startsWith("not-an-eventbridge")) {
                        continue;
                    }
                    JsonNode node = JSON.readTree(file.toFile());
                    if (node instanceof ObjectNode object && object.path("detail").isObject()) {
                        loaded.add(object);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the fixtures under " + FIXTURES.toAbsolutePath()
                        + " (run from evidence-collector)", e);
            }
        }
        return loaded;
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    /** A place inside detail that holds a value: an object's field or an array's element. */
    private record Slot(JsonNode parent, String field, int index, String path) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static List<Slot> slots(ObjectNode detail) {
        List<Slot> slots = new ArrayList<>();
        collect(detail, "", slots);
        if (slots.isEmpty()) {
            detail.put("fuzzNote", "empty detail");
            collect(detail, "", slots);
        }
        return slots;
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String at = path + "." + entry.getKey();
                slots.add(new Slot(node, entry.getKey(), -1, at));
                collect(entry.getValue(), at, slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String at = path + "[" + i + "]";
                slots.add(new Slot(node, null, i, at));
                collect(node.get(i), at, slots);
            }
        }
    }

    /** A value of a JSON type other than {@code current}'s. */
    private JsonNode otherType(JsonNode current) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String type = current == null ? "missing" : current.getNodeType().name();
        while (true) {
            JsonNode candidate = switch (random.nextInt(8)) {
                case 0 -> nodes.textNode(random.nextBoolean() ? "" : "swapped");
                case 1 -> nodes.numberNode(random.nextInt(-5, 1_000_000));
                case 2 -> nodes.numberNode(random.nextBoolean() ? 1e308 : -0.0);
                case 3 -> random.nextBoolean() ? nodes.arrayNode()
                        : nodes.arrayNode().add(1).add("two").addNull().add(nodes.objectNode());
                case 4 -> random.nextBoolean() ? nodes.objectNode()
                        : nodes.objectNode().put("nested", "object").set("again", nodes.arrayNode().add(true));
                case 5 -> nodes.nullNode();
                case 6 -> nodes.booleanNode(random.nextBoolean());
                default -> nodes.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            };
            if (!candidate.getNodeType().name().equals(type)) {
                return candidate;
            }
        }
    }

    /** The envelope grown to exactly {@code target} bytes by one long string at {@code where}. */
    private byte[] padTo(ObjectNode envelope, String where, int target, boolean multiByte) {
        String placeholder = "@@PAD@@";
        switch (where) {
            case "detail value" -> envelope.withObject("detail").put("fuzzPadding", placeholder);
            case "detail key" -> envelope.withObject("detail").put(placeholder, "key");
            case "source" -> envelope.put("source", "aws." + placeholder);
            default -> {
                ArrayNode resources = envelope.putArray("resources");
                resources.add("arn:aws:s3:::" + placeholder);
            }
        }
        String text = envelope.toString();
        int fixed = text.getBytes(StandardCharsets.UTF_8).length - placeholder.length();
        int room = Math.max(0, target - fixed);
        StringBuilder filler = new StringBuilder(room);
        int kana = multiByte ? room / 6 : 0; // half the room in Japanese text, three bytes a character
        String text3 = "証跡統制監視";
        for (int i = 0; i < kana; i++) {
            filler.append(text3.charAt(i % text3.length()));
        }
        int ascii = room - kana * 3;
        filler.append("a".repeat(Math.max(0, ascii)));
        return text.replace(placeholder, filler).getBytes(StandardCharsets.UTF_8);
    }

    private static String nest(int depth, boolean arrays) {
        StringBuilder text = new StringBuilder(depth * 6 + 8);
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append("1");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "]" : "}");
        }
        return text.toString();
    }

    private static String pad(String marker, int length) {
        return marker + "-".repeat(Math.max(0, length - marker.length()));
    }

    private static int indexOf(byte[] value, String placeholder) {
        byte[] find = placeholder.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + find.length <= value.length; i++) {
            if (java.util.Arrays.equals(value, i, i + find.length, find, 0, find.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] replace(byte[] value, String placeholder, byte[] replacement) {
        byte[] find = placeholder.getBytes(StandardCharsets.UTF_8);
        int i = indexOf(value, placeholder);
        if (i < 0) {
            throw new IllegalStateException("placeholder " + placeholder + " not found");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length);
        out.write(value, 0, i);
        out.writeBytes(replacement);
        out.write(value, i + find.length, value.length - i - find.length);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private Mutation pickMutation() {
        int roll = random.nextInt(totalWeight);
        for (Mutation mutation : Mutation.values()) {
            roll -= mutation.weight;
            if (roll < 0) {
                return mutation;
            }
        }
        return Mutation.NONE;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static ObjectNode parse(byte[] value) {
        try {
            return (ObjectNode) JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
