package dev.tousei.evidence.chain;

import dev.tousei.evidence.repository.ChainRepository;
import dev.tousei.evidence.repository.ChainRepository.Link;
import dev.tousei.evidence.repository.EvidenceReader;
import dev.tousei.evidence.service.StoredEvidence;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Walks one account's chain from its anchor (or its beginning) to its head and recomputes every hash. Names the
 * first row that was edited (its hash no longer matches its content), removed (a sequence gap) or re-linked.
 */
@ApplicationScoped
public class ChainVerifier {

    static final int PAGE = 1000;

    private final EvidenceReader reader;
    private final ChainRepository chains;

    ChainVerifier(EvidenceReader reader, ChainRepository chains) {
        this.reader = reader;
        this.chains = chains;
    }

    /** @param firstBroken null when the chain is intact */
    public record Verification(String accountId, boolean intact, long verified, Long headSequence,
                               BrokenLink firstBroken) {
    }

    public record BrokenLink(long sequence, UUID evidenceId, String reason) {
    }

    private record Cursor(long sequence, String hash, long verified) {
    }

    public Uni<Verification> verify(String accountId) {
        return chains.anchor(accountId)
                .chain(anchor -> chains.head(accountId).chain(head -> {
                    Cursor start = anchor == null ? new Cursor(0, ChainLink.GENESIS, 0)
                            : new Cursor(anchor.sequence(), anchor.hash(), 0);
                    return walk(accountId, start, head);
                }));
    }

    private Uni<Verification> walk(String accountId, Cursor cursor, Link head) {
        return reader.chainAfter(accountId, cursor.sequence(), PAGE).chain(page -> {
            Cursor next = cursor;
            for (StoredEvidence stored : page) {
                BrokenLink broken = check(stored, next);
                if (broken != null) {
                    return Uni.createFrom().item(result(accountId, false, next.verified(), head, broken));
                }
                next = new Cursor(stored.link().sequence(), stored.hash(), next.verified() + 1);
            }
            if (page.size() == PAGE) {
                return walk(accountId, next, head);
            }
            return Uni.createFrom().item(finish(accountId, next, head));
        });
    }

    private static BrokenLink check(StoredEvidence stored, Cursor previous) {
        ChainLink link = stored.link();
        if (link.sequence() != previous.sequence() + 1) {
            return new BrokenLink(previous.sequence() + 1, null, "evidence " + (previous.sequence() + 1)
                    + " is missing (next stored is " + link.sequence() + ")");
        }
        if (!link.prevHash().equals(previous.hash())) {
            return new BrokenLink(link.sequence(), link.evidenceId(), "previous-hash does not match the row before");
        }
        if (!EvidenceHasher.hash(link).equals(stored.hash())) {
            return new BrokenLink(link.sequence(), link.evidenceId(), "content does not match its hash (edited)");
        }
        return null;
    }

    private static Verification finish(String accountId, Cursor last, Link head) {
        if (head != null && (head.sequence() != last.sequence() || !head.hash().equals(last.hash()))) {
            return result(accountId, false, last.verified(), head, new BrokenLink(last.sequence() + 1, null,
                    "the chain ends at " + last.sequence() + " but its head says " + head.sequence()));
        }
        return result(accountId, true, last.verified(), head, null);
    }

    private static Verification result(String accountId, boolean intact, long verified, Link head,
                                        BrokenLink broken) {
        return new Verification(accountId, intact, verified, head == null ? null : head.sequence(), broken);
    }
}
