package dev.tousei.catalog.repository;

import io.quarkus.panache.common.Parameters;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Filters of the control list, turned into HQL with bound parameters only (never concatenated input).
 *
 * @param responsibility {@code aws}, {@code customer} (that party acts as primary) or {@code shared} (both do)
 * @param text free text in Japanese or English, matched as a substring of every searchable field
 */
public record ControlQuery(String framework, String responsibility, String mode, String kind, String parent,
                           String text) {

    public String hql() {
        List<String> clauses = new ArrayList<>();
        if (framework != null) {
            clauses.add("frameworkId = :framework");
        }
        if (responsibility != null) {
            clauses.add(switch (responsibility) {
                case "aws" -> "awsResponsibility = 'PRIMARY'";
                case "customer" -> "customerResponsibility = 'PRIMARY'";
                case "shared" -> "awsResponsibility = 'PRIMARY' and customerResponsibility = 'PRIMARY'";
                default -> throw new IllegalArgumentException("responsibility must be aws, customer or shared");
            });
        }
        if (mode != null) {
            clauses.add("assessmentMode = :mode");
        }
        if (kind != null) {
            clauses.add("kind = :kind");
        }
        if (parent != null) {
            clauses.add("parentId = :parent");
        }
        if (text != null) {
            clauses.add("(searchText like :text escape '\\')");
        }
        String where = clauses.isEmpty() ? "" : "where " + String.join(" and ", clauses) + " ";
        return where + "order by frameworkId, id";
    }

    public Parameters parameters() {
        Parameters parameters = new Parameters();
        if (framework != null) {
            parameters.and("framework", framework);
        }
        if (mode != null) {
            parameters.and("mode", mode);
        }
        if (kind != null) {
            parameters.and("kind", kind);
        }
        if (parent != null) {
            parameters.and("parent", parent);
        }
        if (text != null) {
            parameters.and("text", "%" + escapeLike(searchForm(text)) + "%");
        }
        return parameters;
    }

    /** The form both the stored search text and a query are reduced to before comparison. */
    public static String searchForm(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
