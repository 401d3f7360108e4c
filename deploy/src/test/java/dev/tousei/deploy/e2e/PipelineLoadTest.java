package dev.tousei.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline benchmark's load: what it promises about control-changing events and the reference copy. */
class PipelineLoadTest {

    private static final Path CATALOG = Path.of(System.getProperty("tousei.root", ".."))
            .resolve("catalog-service/src/main/resources/catalog");

    @Test
    void trailFlipsAlternatePerAccountStartingWithStopLogging() throws IOException {
        List<PipelineLoad.Event> events = new PipelineLoad(42, 5, 0.5, CATALOG).next(2_000);

        Map<String, List<String>> flipsByAccount = new HashMap<>();
        for (PipelineLoad.Event event : events) {
            if (event.changesStatus()) {
                JsonNode detail = Http.JSON.readTree(event.value()).path("detail");
                assertThat(detail.path("eventName").asText())
                        .isEqualTo(event.kind() == PipelineLoad.Kind.TRAIL_STOPPED ? "StopLogging" : "StartLogging");
                assertThat(detail.path("requestParameters").path("name").asText())
                        .isEqualTo(AwsEvents.trailArn(event.account(), PipelineLoad.TRAIL));
                flipsByAccount.computeIfAbsent(event.account(), key -> new ArrayList<>()).add(event.kind().name());
            }
        }
        assertThat(flipsByAccount).hasSize(5);
        flipsByAccount.values().forEach(flips -> {
            for (int i = 0; i < flips.size(); i++) {
                assertThat(flips.get(i)).isEqualTo(i % 2 == 0 ? "TRAIL_STOPPED" : "TRAIL_STARTED");
            }
        });
    }

    @Test
    void theControlChangingFractionIsHeldAndZeroMeansBackgroundOnly() {
        List<PipelineLoad.Event> some = new PipelineLoad(7, 10, 0.2, CATALOG).next(5_000);
        long changing = some.stream().filter(event -> event.kind() != PipelineLoad.Kind.BACKGROUND).count();
        assertThat(changing).isBetween(900L, 1_100L);
        assertThat(some).filteredOn(event -> event.kind() == PipelineLoad.Kind.FINDING_HIGH).isNotEmpty()
                .noneMatch(PipelineLoad.Event::changesStatus);

        List<PipelineLoad.Event> none = new PipelineLoad(7, 10, 0.0, CATALOG).next(1_000);
        assertThat(none).allMatch(event -> event.kind() == PipelineLoad.Kind.BACKGROUND);
    }

    @Test
    void sourceIdIsTheCloudTrailEventIdOrElseTheEnvelopeId() throws IOException {
        byte[] trail = AwsEvents.cloudTrailLogging("123456789012", "t", false);
        byte[] finding = AwsEvents.guardDutyFinding("123456789012", "Backdoor:EC2/C&CActivity.B!DNS", 8.0, false);

        assertThat(PipelineLoad.sourceId(trail)).isEqualTo(Http.JSON.readTree(trail).path("detail").path("eventID")
                .asText());
        assertThat(PipelineLoad.sourceId(finding)).isEqualTo(Http.JSON.readTree(finding).path("id").asText());
    }

    @Test
    void theReferenceCopyHasTheSameEventsInOtherAccountsWithFreshIds() {
        PipelineLoad load = new PipelineLoad(3, 4, 0.3, CATALOG);
        List<PipelineLoad.Event> events = load.next(500);
        Map<String, String> accounts = new LinkedHashMap<>();
        for (int i = 0; i < load.accounts().size(); i++) {
            accounts.put(load.accounts().get(i), "99999999990" + i);
        }

        List<PipelineLoad.Event> copies = PipelineLoad.inOtherAccounts(events, accounts);

        assertThat(copies).hasSameSizeAs(events);
        Set<String> originalIds = new HashSet<>();
        events.forEach(event -> originalIds.add(event.sourceId()));
        for (int i = 0; i < events.size(); i++) {
            PipelineLoad.Event copy = copies.get(i);
            assertThat(copy.kind()).isEqualTo(events.get(i).kind());
            assertThat(copy.account()).isEqualTo(accounts.get(events.get(i).account()));
            assertThat(originalIds).doesNotContain(copy.sourceId());
            String text = new String(copy.value(), StandardCharsets.UTF_8);
            accounts.keySet().forEach(original -> assertThat(text).doesNotContain(original));
        }
    }
}
