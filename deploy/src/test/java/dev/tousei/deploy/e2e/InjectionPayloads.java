package dev.tousei.deploy.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values a filter parameter gets instead of an honest one, by family. No empty or blank value: the services read an
 * empty filter as no filter, which is their contract, not an injection. The short list runs in CI; the long one
 * ({@code -Dsecurity.matrix.long=true}, {@code deploy/local/security-matrix}) adds variants of each family.
 */
final class InjectionPayloads {

    /** Above Vert.x's 4096-byte request line: refused before any resource (414). */
    static final int OVER_REQUEST_LINE = 5_000;

    private InjectionPayloads() {
    }

    /** Payload by name (the name goes into the tally and the failures). */
    static Map<String, String> of(boolean longVersion) {
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("sql tautology", "x' OR '1'='1");
        payloads.put("sql comment", "x' OR 1=1 --");
        payloads.put("sql stacked", "x'; SELECT pg_sleep(0); --");
        payloads.put("sql union", "x' UNION SELECT NULL, NULL, NULL --");
        payloads.put("hql/jpql", "x' or e.id is not null or 'a'='a");
        payloads.put("json operator", "{\"$gt\": \"\"}");
        payloads.put("like wildcard", "%");
        payloads.put("path traversal", "../../../../etc/passwd");
        payloads.put("crlf header", "x\r\nX-Injected: yes\r\nSet-Cookie: injected=yes");
        payloads.put("nul byte", "x\u0000y");
        payloads.put("long (3,000 chars)", "A".repeat(3_000));
        payloads.put("long (5,000 chars, over the request line)", "A".repeat(OVER_REQUEST_LINE));
        if (longVersion) {
            payloads.put("sql tautology (double quotes)", "x\" OR \"1\"=\"1");
            payloads.put("sql numeric tautology", "1 OR 1=1");
            payloads.put("sql boolean blind", "x' AND (SELECT COUNT(*) FROM pg_tables) > 0 --");
            payloads.put("sql time blind", "x' || pg_sleep(3) || '");
            payloads.put("sql cast error", "x' AND 1=CAST((SELECT version()) AS int) --");
            payloads.put("sql dollar quoting", "x$$ OR $$1$$=$$1");
            payloads.put("sql backslash escape", "x\\' OR 1=1 --");
            payloads.put("sql unicode quote", "x\u02bc OR \u02bc1\u02bc=\u02bc1");
            payloads.put("hql function", "x' or function('version') is not null or 'a'='a");
            payloads.put("jpql subquery", "x' or exists (select c from Control c) or 'a'='a");
            payloads.put("jsonb containment", "x' OR raw @> '{}' --");
            payloads.put("jsonb path", "$.** ? (@ like_regex \".*\")");
            payloads.put("json array", "[\"a\", \"b\"]");
            payloads.put("like underscore", "_");
            payloads.put("like escape", "\\%");
            payloads.put("regex", ".*");
            payloads.put("path traversal (encoded)", "..%2f..%2f..%2fetc%2fpasswd");
            payloads.put("path traversal (windows)", "..\\..\\..\\windows\\win.ini");
            payloads.put("crlf (encoded)", "x%0d%0aX-Injected: yes");
            payloads.put("html", "<script>alert(1)</script>");
            payloads.put("ldap", "*)(uid=*))(|(uid=*");
            payloads.put("template", "${7*7}#{7*7}{{7*7}}");
            payloads.put("invalid utf-16 surrogate", "x\ud800y");
            payloads.put("long (1,000 quotes)", "'".repeat(1_000));
            payloads.put("long (4,000 chars)", "B".repeat(4_000));
            for (String suffix : List.of("' --", "')) --", "\") --", "';--", "' #")) {
                payloads.put("sql terminator " + suffix.strip(), "x" + suffix);
            }
        }
        return payloads;
    }
}
