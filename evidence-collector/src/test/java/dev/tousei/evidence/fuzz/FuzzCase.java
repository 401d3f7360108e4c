package dev.tousei.evidence.fuzz;

/**
 * One fuzzed Kafka record.
 *
 * @param number position in the run (the marker's suffix)
 * @param marker unique text put into the envelope's id and CloudTrail eventID, so a stored row names its case
 * @param variant what exactly the mutation did (e.g. {@code time=leap-second})
 * @param base the kind of real-shaped envelope it started from
 * @param key the record key (the account), may be null
 * @param value the record value, may be null
 * @param duplicateOf the case it repeats, or -1
 * @param partition the partition to send it to, or -1 for the key's
 */
public record FuzzCase(int number, String marker, Mutation mutation, String variant, String base, String key,
                       byte[] value, int duplicateOf, int partition) {

    public boolean sentinel() {
        return number < 0;
    }
}
