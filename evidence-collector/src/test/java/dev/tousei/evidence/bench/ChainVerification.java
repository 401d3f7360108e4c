package dev.tousei.evidence.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** GET /api/v1/chains/{account}/verification for every (or a sample of) account, as the demo user viewer. */
final class ChainVerification {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Result(int accounts, int intact, long rowsVerified, List<String> problems, double seconds) {
        boolean ok() {
            return problems.isEmpty() && intact == accounts;
        }
    }

    /** A viewer token from Keycloak (password grant of tousei-cli), as deploy/local/token viewer prints it. */
    static String viewerToken(String keycloakUrl) throws Exception {
        String form = "grant_type=password&client_id=tousei-cli&scope=openid&username=viewer&password="
                + URLEncoder.encode("viewer-password", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloakUrl
                        + "/realms/tousei/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the viewer token: " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    /** Verifies up to {@code limit} accounts (evenly spread), four at a time; rows must equal what the chain holds. */
    static Result verify(BenchSettings settings, Map<String, Long> rowsPerAccount, int limit) throws Exception {
        long started = System.nanoTime();
        String token = viewerToken(settings.keycloakUrl);
        List<String> accounts = new ArrayList<>(rowsPerAccount.keySet());
        if (accounts.size() > limit) {
            List<String> sample = new ArrayList<>();
            double step = accounts.size() / (double) limit;
            for (int i = 0; i < limit; i++) {
                sample.add(accounts.get((int) (i * step)));
            }
            accounts = sample;
        }
        List<String> problems = new ArrayList<>();
        int intact = 0;
        long verified = 0;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (String account : accounts) {
                answers.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/chains/"
                                    + account + "/verification"))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2)).GET().build();
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(account + ": HTTP " + response.statusCode() + " "
                                + response.body());
                    }
                    return JSON.readTree(response.body());
                }));
            }
            for (int i = 0; i < accounts.size(); i++) {
                String account = accounts.get(i);
                try {
                    JsonNode answer = answers.get(i).get();
                    long rows = rowsPerAccount.get(account);
                    long count = answer.path("verified").asLong();
                    verified += count;
                    if (answer.path("intact").asBoolean() && count == rows
                            && answer.path("headSequence").asLong() == rows) {
                        intact++;
                    } else {
                        problems.add(account + ": " + answer + " (rows " + rows + ")");
                    }
                } catch (Exception e) {
                    problems.add(account + ": " + e.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(accounts.size(), intact, verified, problems, (System.nanoTime() - started) / 1e9);
    }
}
