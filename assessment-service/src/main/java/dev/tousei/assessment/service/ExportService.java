package dev.tousei.assessment.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.assessment.ControlDefinitionRow;
import dev.tousei.assessment.ControlStatusRow;
import dev.tousei.assessment.export.AssessedControl;
import dev.tousei.assessment.export.CsvExporter;
import dev.tousei.assessment.export.OscalAssessmentResultsExporter;
import dev.tousei.assessment.repository.ControlDefinitionRepository;
import dev.tousei.assessment.repository.ControlStatusRepository;
import dev.tousei.events.catalog.ControlSnapshot;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Auditor exports of the current statuses, joined with the catalog copy for display ids and titles: OSCAL
 * assessment-results and CSV. Lines are ordered by framework, control (numbers compared as numbers, so
 * {@code fisc-t2} comes before {@code fisc-t10}) and account.
 */
@ApplicationScoped
public class ExportService {

    /** The CSV file is named after the day in Japan, where its readers are. */
    static final ZoneId FILE_NAME_ZONE = ZoneId.of("Asia/Tokyo");

    private static final Pattern PIECE = Pattern.compile("\\d+|\\D+");

    private final ControlStatusRepository statuses;
    private final ControlDefinitionRepository definitions;
    private final OscalAssessmentResultsExporter oscal;
    private final CsvExporter csv;
    private final Clock clock;

    ExportService(ControlStatusRepository statuses, ControlDefinitionRepository definitions,
                  OscalAssessmentResultsExporter oscal, CsvExporter csv, Clock clock) {
        this.statuses = statuses;
        this.definitions = definitions;
        this.oscal = oscal;
        this.csv = csv;
        this.clock = clock;
    }

    public record CsvFile(String fileName, byte[] content) {
    }

    /** {@code {"assessment-results": ...}}; both filters optional. */
    @WithSession
    public Uni<ObjectNode> oscalAssessmentResults(String framework, String account) {
        return assessed(framework, account)
                .map(controls -> oscal.export(controls, framework, account, clock.instant()));
    }

    /** The CSV file, named {@code tousei-assessment-<yyyy-MM-dd>.csv}; both filters optional. */
    @WithSession
    public Uni<CsvFile> csv(String framework, String account) {
        return assessed(framework, account).map(controls -> {
            Instant now = clock.instant();
            return new CsvFile("tousei-assessment-" + LocalDate.ofInstant(now, FILE_NAME_ZONE) + ".csv",
                    csv.export(controls));
        });
    }

    private Uni<List<AssessedControl>> assessed(String framework, String account) {
        return statuses.search(framework, account, null, null).chain(rows -> {
            Set<String> ids = rows.stream().map(row -> row.key.controlId()).collect(Collectors.toSet());
            Uni<List<ControlDefinitionRow>> found = ids.isEmpty() ? Uni.createFrom().item(List.of())
                    : definitions.list("id in ?1", ids);
            return found.map(list -> {
                Map<String, ControlDefinitionRow> byId = list.stream()
                        .collect(Collectors.toMap(definition -> definition.id, Function.identity()));
                return rows.stream()
                        .map(row -> line(row, byId.get(row.key.controlId())))
                        .sorted(Comparator.comparing((AssessedControl line) -> line.frameworkId())
                                .thenComparing(AssessedControl::controlId, ExportService::compareNaturally)
                                .thenComparing(AssessedControl::accountId))
                        .toList();
            });
        });
    }

    private static AssessedControl line(ControlStatusRow row, ControlDefinitionRow definition) {
        ControlSnapshot snapshot = definition == null ? null : definition.snapshot;
        String displayId = snapshot != null && snapshot.displayId() != null ? snapshot.displayId()
                : row.key.controlId();
        return new AssessedControl(row.frameworkId, row.key.controlId(), displayId,
                snapshot == null ? null : snapshot.titleJa(), snapshot == null ? null : snapshot.titleEn(),
                definition == null ? null : definition.assessmentMode, row.key.accountId(), row.status, row.reason,
                row.since, row.evidenceIds, row.attestationIds, row.failedResources);
    }

    private static int compareNaturally(String left, String right) {
        Matcher a = PIECE.matcher(left);
        Matcher b = PIECE.matcher(right);
        while (a.find() && b.find()) {
            String x = a.group();
            String y = b.group();
            int order = Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))
                    ? new BigInteger(x).compareTo(new BigInteger(y))
                    : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return left.compareTo(right);
    }
}
