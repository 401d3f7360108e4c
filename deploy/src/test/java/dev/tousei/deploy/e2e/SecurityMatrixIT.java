package dev.tousei.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security matrix of the four packaged services, black box: every operation of each service's OpenAPI document
 * (so a new endpoint is covered without touching this class) against every way a caller can be wrong: no token, a
 * refused token ({@link RefusedTokens}) → 401; a valid token whose roles the operation does not allow → 403, and the
 * roles it allows are not refused; hostile values in every filter parameter change nothing; bodies over each service's
 * explicit limit → 413. The SOC dashboard's API is a browser session of its own tenant: without one it redirects to
 * the realm's login, whatever bearer token comes along. Only health, metrics and the OpenAPI document are open.
 *
 * <p>The short version runs in CI ({@code verify}); {@code -Dsecurity.matrix.long=true}
 * ({@code deploy/local/security-matrix}) adds payload variants. Each test prints its tally.
 */
class SecurityMatrixIT {

    private static final boolean LONG = Boolean.getBoolean("security.matrix.long");

    /** The realm's product roles; an operation naming any other role is a typo nobody can satisfy. */
    private static final Set<String> REALM_ROLES = Set.of("viewer", "analyst", "auditor", "admin", "ingest");
    /** Operations any logged-in user may call, on purpose (who am I). Anything else must name its roles. */
    private static final Set<String> AUTHENTICATED_ONLY = Set.of("assessment-service GET /dashboard/api/me");
    /** Open by design on every service. */
    private static final List<String> EXEMPT = List.of("/q/health/live", "/q/health/ready", "/q/metrics",
            "/q/openapi?format=json");
    /** Demo users of the realm, and the ingest client. */
    private static final List<String> USERS = List.of("viewer", "analyst", "auditor", "admin", "norole");
    private static final String INGEST_CLIENT = "event-ingest";
    private static final String NO_SUCH_VALUE = "zz-no-such-value";

    private static final Map<String, MatrixTally> TALLIES = new LinkedHashMap<>();

    private static E2eStack stack;
    private static List<ApiOperation> operations;
    /** Principal name → token. */
    private static Map<String, String> principals;
    /** Principal name → effective realm roles (composites resolved by Keycloak). */
    private static Map<String, Set<String>> principalRoles;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        operations = new ArrayList<>();
        for (String service : List.of(E2eStack.CATALOG, E2eStack.EVIDENCE, E2eStack.ASSESSMENT, E2eStack.NOTIFICATION)) {
            JsonNode document = stack.http.getJson(stack.url(service) + "/q/openapi?format=json", null);
            operations.addAll(ApiOperation.of(service, stack.url(service), document));
        }
        principals = new LinkedHashMap<>();
        USERS.forEach(user -> principals.put(user, stack.http.userToken(user)));
        principals.put(INGEST_CLIENT, stack.http.clientToken(INGEST_CLIENT));
        principalRoles = new LinkedHashMap<>();
        principals.forEach((name, token) -> {
            Set<String> roles = new TreeSet<>();
            RefusedTokens.claims(token).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
            principalRoles.put(name, roles);
        });
        E2eStack.log("security matrix over " + operations.size() + " operations ("
                + operations.stream().collect(Collectors.groupingBy(ApiOperation::service, LinkedHashMap::new,
                Collectors.counting())) + "), " + (LONG ? "long" : "short") + " version; principals "
                + principalRoles);
    }

    @AfterAll
    static void summary() {
        if (TALLIES.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("security matrix summary (" + operations.size() + " operations):\n");
        TALLIES.forEach((title, tally) -> out.append(String.format("  %-45s %6d checks, %6d passed%n", title,
                tally.total(), tally.passed())));
        out.append(String.format("  %-45s %6d checks, %6d passed", "total",
                TALLIES.values().stream().mapToInt(MatrixTally::total).sum(),
                TALLIES.values().stream().mapToInt(MatrixTally::passed).sum()));
        E2eStack.log(out.toString());
    }

    @Test
    void everyOperationNamesTheRolesItAllows() {
        MatrixTally tally = tally("operations name their roles");
        assertThat(operations).extracting(ApiOperation::service).as("operations found in the OpenAPI documents")
                .contains(E2eStack.CATALOG, E2eStack.EVIDENCE, E2eStack.ASSESSMENT, E2eStack.NOTIFICATION);
        for (ApiOperation op : operations) {
            boolean named = op.secured() && (!op.roles().isEmpty() || AUTHENTICATED_ONLY.contains(op.toString()));
            tally.check("security requirement with roles", op, named, "roles " + op.roles()
                    + (op.secured() ? "" : ", no security requirement at all")
                    + ": add @RolesAllowed (or, if any logged-in user may call it, list it in AUTHENTICATED_ONLY)");
            tally.check("roles exist in the realm", op, REALM_ROLES.containsAll(op.roles()), "roles " + op.roles());
        }
        tally.assertAllPassed("operations name their roles");
    }

    @Test
    void onlyHealthMetricsAndOpenApiAnswerWithoutAToken() {
        MatrixTally tally = tally("exempt endpoints");
        for (String service : List.of(E2eStack.CATALOG, E2eStack.EVIDENCE, E2eStack.ASSESSMENT, E2eStack.NOTIFICATION)) {
            for (String path : EXEMPT) {
                Http.Response answer = stack.http.get(stack.url(service) + path, null);
                tally.check("open without a token → 200", service + " GET " + path, answer.status() == 200,
                        MatrixTally.brief(answer));
            }
        }
        tally.assertAllPassed("exempt endpoints");
    }

    @Test
    void everyApiOperationRefusesAMissingOrBadTokenWith401() {
        MatrixTally tally = tally("401: missing or bad bearer token");
        RefusedTokens refused = new RefusedTokens(stack.http, E2eStack.ISSUER);
        // The control: the same short-lived token is accepted while it is valid, so its later refusal is the expiry.
        Http.Response whileValid = stack.http.get(stack.url(E2eStack.CATALOG) + "/api/v1/frameworks",
                refused.expiringWhileValid());
        tally.check("short-lived token accepted before it expires → 200", "catalog-service GET /api/v1/frameworks",
                whileValid.status() == 200, MatrixTally.brief(whileValid));
        Map<String, String> badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.putAll(refused.all());
        for (ApiOperation op : bearerOperations()) {
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                Http.Response answer = call(op, bad.getValue());
                tally.check(bad.getKey() + " → 401", op, answer.status() == 401 && cleanProblem(answer),
                        MatrixTally.brief(answer));
            }
        }
        tally.assertAllPassed("401: missing or bad bearer token");
    }

    @Test
    void everyApiOperationAdmitsExactlyTheRolesItNames() {
        MatrixTally tally = tally("403: roles");
        for (ApiOperation op : bearerOperations()) {
            for (Map.Entry<String, String> principal : principals.entrySet()) {
                Http.Response answer = call(op, principal.getValue());
                if (op.allows(principalRoles.get(principal.getKey()))) {
                    tally.check("allowed role is let through (not 401/403/5xx)", op + " as " + principal.getKey(),
                            answer.status() != 401 && answer.status() != 403 && answer.status() < 500,
                            MatrixTally.brief(answer));
                } else {
                    tally.check("role not allowed → 403", op + " as " + principal.getKey(),
                            answer.status() == 403 && cleanProblem(answer), MatrixTally.brief(answer));
                }
            }
        }
        tally.assertAllPassed("403: roles");
    }

    /**
     * The dashboard's API belongs to the dashboard tenant (authorization-code flow, session cookie): without a session
     * it answers with the redirect to the realm's login page, never with data, and a bearer token (valid or not)
     * does not open it. Logged-in 200 and 403 are DashboardBrowserTest's (assessment-service).
     */
    @Test
    void dashboardApiWithoutASessionRedirectsToTheRealmsLogin() {
        MatrixTally tally = tally("dashboard: login redirect");
        List<ApiOperation> dashboard = operations.stream().filter(ApiOperation::dashboardSession).toList();
        assertThat(dashboard).as("dashboard operations in assessment-service's OpenAPI document").isNotEmpty();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no session", null);
        tokens.put("viewer's bearer token instead of a session", principals.get("viewer"));
        tokens.put("admin's bearer token instead of a session", principals.get("admin"));
        for (ApiOperation op : dashboard) {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                Http.Response answer = call(op, token.getValue());
                String location = answer.headers().firstValue("Location").orElse("");
                tally.check(token.getKey() + " → 302 to the realm's login", op, answer.status() == 302
                        && location.startsWith(E2eStack.ISSUER + "/protocol/openid-connect/auth"),
                        MatrixTally.brief(answer) + " Location: " + location);
            }
        }
        tally.assertAllPassed("dashboard: login redirect");
    }

    /**
     * Every query parameter of every GET, one hostile value at a time (the other required parameters honest): the
     * answer is a 400 problem+json, the same refusal the honest non-matching value gets, or 200 with no more rows than
     * that honest value gives. Never a 5xx, internals, an injected header, or a delay the payload asked for.
     */
    @Test
    void filterParametersTakeHostileValuesLiterally() {
        MatrixTally tally = tally("injection in filter parameters");
        Map<String, String> payloads = InjectionPayloads.of(LONG);
        String viewer = principals.get("viewer");
        List<String> withData = new ArrayList<>();
        List<ApiOperation> filtered = bearerOperations().stream()
                .filter(op -> op.isGet() && !op.queryParameters().isEmpty()).toList();
        for (ApiOperation op : filtered) {
            Http.Response unfiltered = get(op, viewer, honestRequired(op, null));
            if (unfiltered.status() == 200 && rows(unfiltered) > 0) {
                withData.add(op.path() + " (" + rows(unfiltered) + ")");
            }
            for (ApiOperation.Parameter parameter : op.queryParameters()) {
                Map<String, String> honest = honestRequired(op, parameter.name());
                honest.put(parameter.name(), honestValue(parameter));
                Http.Response baseline = get(op, viewer, honest);
                for (Map.Entry<String, String> payload : payloads.entrySet()) {
                    Map<String, String> query = new LinkedHashMap<>(honest);
                    query.put(parameter.name(), payload.getValue());
                    long started = System.nanoTime();
                    Http.Response answer = get(op, viewer, query);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    String target = op + " ?" + parameter.name() + "=";
                    tally.check(payload.getKey(), target, literal(answer, baseline, parameter, payload.getKey(), millis),
                            MatrixTally.brief(answer) + " (honest " + parameter.name() + "=" + honest.get(parameter.name())
                                    + ": HTTP " + baseline.status() + ", " + rows(baseline) + " rows; this: "
                                    + rows(answer) + " rows, " + millis + " ms)");
                }
            }
        }
        E2eStack.log("injection: " + filtered.size() + " filtered GET operations, "
                + filtered.stream().mapToInt(op -> op.queryParameters().size()).sum() + " parameters, "
                + payloads.size() + " payloads; operations with rows unfiltered: " + withData);
        tally.assertAllPassed("injection in filter parameters");
    }

    /** Each service declares its limit explicitly; one byte over it is refused with 413 by every operation with a body. */
    @Test
    void bodiesOverTheServicesLimitAreRefusedWith413() {
        MatrixTally tally = tally("413: body size limit");
        Map<String, Long> limits = new LinkedHashMap<>();
        for (String service : List.of(E2eStack.CATALOG, E2eStack.EVIDENCE, E2eStack.ASSESSMENT, E2eStack.NOTIFICATION)) {
            Long limit = declaredBodyLimit(service);
            tally.check("quarkus.http.limits.max-body-size declared", service, limit != null,
                    "not set in " + service + "/src/main/resources/application.properties (Quarkus' default 10M applies)");
            if (limit != null) {
                limits.put(service, limit);
            }
        }
        E2eStack.log("body limits: " + limits);
        for (ApiOperation op : bearerOperations()) {
            if (op.bodyMediaType() == null || !limits.containsKey(op.service())) {
                continue;
            }
            String token = principals.entrySet().stream().filter(p -> op.allows(principalRoles.get(p.getKey())))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            byte[] body = new byte[Math.toIntExact(limits.get(op.service()) + 1)];
            Arrays.fill(body, (byte) ' ');
            body[0] = '{';
            Http.Response answer;
            try {
                answer = stack.http.upload(op.method(), op.url(), token, op.bodyMediaType(), body);
            } catch (UncheckedIOException connectionClosed) {
                tally.check("limit + 1 byte → 413", op, false, "no answer: " + connectionClosed.getCause());
                continue;
            }
            tally.check("limit + 1 byte → 413", op, answer.status() == 413, MatrixTally.brief(answer));
        }
        tally.assertAllPassed("413: body size limit");
    }

    // ---- helpers ----

    private static MatrixTally tally(String title) {
        MatrixTally tally = new MatrixTally();
        synchronized (TALLIES) {
            TALLIES.put(title, tally);
        }
        return tally;
    }

    private static List<ApiOperation> bearerOperations() {
        return operations.stream().filter(op -> !op.dashboardSession()).toList();
    }

    /** One probe: mutating operations get a malformed body, so even a caller who is let through changes nothing. */
    private static Http.Response call(ApiOperation op, String token) {
        if (op.bodyMediaType() != null) {
            return stack.http.send(op.method(), op.url(), token, op.bodyMediaType(), "{".getBytes(StandardCharsets.UTF_8));
        }
        return stack.http.send(op.method(), op.url(), token, null, null);
    }

    private static Http.Response get(ApiOperation op, String token, Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return stack.http.get(op.url() + joined, token);
    }

    /** 401/403 bodies: RFC 9457 problem+json, nothing internal. */
    private static boolean cleanProblem(Http.Response answer) {
        return answer.contentType().startsWith("application/problem+json") && !MatrixTally.leaks(answer.body());
    }

    private static boolean literal(Http.Response answer, Http.Response baseline, ApiOperation.Parameter parameter,
                                   String payload, long millis) {
        boolean injectedHeader = answer.headers().map().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("X-Injected"))
                || answer.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.contains("injected"));
        if (answer.status() >= 500 || injectedHeader || millis >= 3_000 && payload.contains("time")) {
            return false;
        }
        if (answer.status() == 414) { // Vert.x's request-line limit, before any resource
            return payload.contains("over the request line");
        }
        if (answer.status() == 400) {
            return cleanProblem(answer);
        }
        if (answer.status() == 404 && !"string".equals(parameter.type())) {
            // JAX-RS answers a query parameter it cannot convert (limit=abc) with 404, by the specification: a clean
            // refusal, though 400 would say it better
            return cleanProblem(answer);
        }
        if (answer.status() == 200) { // nothing, or no more than the honest non-matching value gives
            return rows(answer) == 0 || baseline.status() == 200 && rows(answer) <= rows(baseline);
        }
        return answer.status() == baseline.status() && !MatrixTally.leaks(answer.body());
    }

    /** Honest values for the operation's required parameters other than {@code except}. */
    private static Map<String, String> honestRequired(ApiOperation op, String except) {
        Map<String, String> query = new LinkedHashMap<>();
        op.queryParameters().stream().filter(p -> p.required() && !p.name().equals(except))
                .forEach(p -> query.put(p.name(), honestValue(p)));
        return query;
    }

    /** A well-formed value that matches nothing, where the type allows one. */
    private static String honestValue(ApiOperation.Parameter parameter) {
        if ("integer".equals(parameter.type())) {
            return "1";
        }
        if ("boolean".equals(parameter.type())) {
            return "false";
        }
        if ("date-time".equals(parameter.format())) {
            return "2000-01-01T00:00:00Z";
        }
        if (parameter.name().toLowerCase().contains("account")) {
            return "999999999999";
        }
        return NO_SUCH_VALUE;
    }

    /** Rows in an answer: every element of every JSON array in it, or the lines of a CSV. */
    static int rows(Http.Response answer) {
        if (answer.status() != 200) {
            return 0;
        }
        if (answer.contentType().startsWith("text/csv")) {
            return (int) answer.body().lines().filter(line -> !line.isBlank()).count();
        }
        try {
            return arrayElements(Http.JSON.readTree(answer.body()));
        } catch (IOException notJson) {
            return answer.body().length();
        }
    }

    private static int arrayElements(JsonNode node) {
        int count = node.isArray() ? node.size() : 0;
        for (JsonNode child : node) {
            count += arrayElements(child);
        }
        return count;
    }

    private static final Pattern MEMORY_SIZE = Pattern.compile("(\\d+)\\s*([KMG]?)B?", Pattern.CASE_INSENSITIVE);

    /** {@code quarkus.http.limits.max-body-size} of the service's application.properties, in bytes (Quarkus' units). */
    private static Long declaredBodyLimit(String service) {
        Properties properties = new Properties();
        Path file = E2eStack.ROOT.resolve(service).resolve("src/main/resources/application.properties");
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty("quarkus.http.limits.max-body-size");
        if (value == null) {
            return null;
        }
        Matcher size = MEMORY_SIZE.matcher(value.trim());
        if (!size.matches()) {
            throw new IllegalStateException(service + ": cannot read max-body-size " + value);
        }
        long factor = switch (size.group(2).toUpperCase()) {
            case "K" -> 1024L;
            case "M" -> 1024L * 1024;
            case "G" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(size.group(1)) * factor;
    }
}
