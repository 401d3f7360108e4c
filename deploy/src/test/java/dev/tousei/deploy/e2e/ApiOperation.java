package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One operation of a service's OpenAPI document ({@code /q/openapi?format=json}), with the roles its security
 * requirement names. Quarkus writes {@code @RolesAllowed} into the document as the scopes of the requirement, so an
 * endpoint without a role check shows up here as an operation without roles.
 */
record ApiOperation(String service, String baseUrl, String method, String path, List<String> roles,
                    boolean secured, List<Parameter> queryParameters, List<Parameter> pathParameters,
                    String bodyMediaType) {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** A query or path parameter; {@code type} and {@code format} from its schema. */
    record Parameter(String name, String type, String format, boolean required) {
    }

    /** Every operation of the document, in its order. */
    static List<ApiOperation> of(String service, String baseUrl, JsonNode document) {
        List<ApiOperation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                JsonNode operation = op.getValue();
                List<String> roles = new ArrayList<>();
                boolean secured = false;
                for (JsonNode requirement : operation.path("security")) {
                    for (JsonNode scopes : requirement) {
                        secured = true;
                        scopes.forEach(scope -> roles.add(scope.asText()));
                    }
                }
                List<Parameter> query = new ArrayList<>();
                List<Parameter> pathParameters = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    Parameter p = new Parameter(parameter.path("name").asText(),
                            parameter.path("schema").path("type").asText("string"),
                            parameter.path("schema").path("format").asText(""),
                            parameter.path("required").asBoolean(false));
                    ("path".equals(parameter.path("in").asText()) ? pathParameters : query).add(p);
                }
                Iterator<String> media = operation.path("requestBody").path("content").fieldNames();
                operations.add(new ApiOperation(service, baseUrl, op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        List.copyOf(new LinkedHashSet<>(roles)), secured, query, pathParameters,
                        media.hasNext() ? media.next() : null));
            }
        }
        return operations;
    }

    /** The SOC dashboard's API: the dashboard tenant, a browser session (authorization-code flow), no bearer tokens. */
    boolean dashboardSession() {
        return path.startsWith("/dashboard");
    }

    boolean isGet() {
        return "GET".equals(method);
    }

    /**
     * The path with plausible values that name nothing existing, so no probe changes data: a fresh UUID, an account
     * id and a control id of the right shape, revision 999999.
     */
    String url() {
        String concrete = path;
        for (Parameter p : pathParameters) {
            concrete = concrete.replace("{" + p.name() + "}", plausibleAbsentValue(p));
        }
        return baseUrl + concrete;
    }

    private static String plausibleAbsentValue(Parameter p) {
        if ("uuid".equals(p.format())) {
            return UUID.randomUUID().toString();
        }
        if ("integer".equals(p.type())) {
            return "999999";
        }
        if (p.name().toLowerCase(Locale.ROOT).contains("account")) {
            return "999999999999";
        }
        return "sec99-bp99";
    }

    /** Whether a principal with these (effective) realm roles may call the operation. */
    boolean allows(Set<String> principalRoles) {
        return roles.stream().anyMatch(principalRoles::contains);
    }

    @Override
    public String toString() {
        return service + " " + method + " " + path;
    }
}
