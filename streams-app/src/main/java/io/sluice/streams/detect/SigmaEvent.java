package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.canonical.CanonicalClass;
import org.apache.avro.specific.SpecificRecord;

/**
 * A vendor record as Sigma rules see it: the raw JSON they match, with the canonical record mapped
 * from it, which gives the event's time, id, feed, raw reference and principal (evidence and keys
 * are the engine's, as for Sluice's own rules). Lives only inside the normaliser's task.
 *
 * @param key the canonical record key (the user, or the host for endpoint findings); may be null
 */
public record SigmaEvent(
    String key, CanonicalClass canonicalClass, SpecificRecord canonical, JsonNode raw) {}
