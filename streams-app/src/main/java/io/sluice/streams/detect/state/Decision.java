package io.sluice.streams.detect.state;

import java.util.List;

/**
 * An alert a slot decided to raise: the window it covers and what it counted. The processor turns
 * it into an {@code Alert} (rule, entity, severity at decision time).
 *
 * @param windowEnd the event time of the crossing event (for a sequence, of the B event)
 * @param eventCount events counted in the window, exact up to the slot's cap
 * @param eventCountCapped true when {@code eventCount} is the cap (at least that many)
 * @param distinctCount distinct values counted, or null when the rule counts events
 * @param firstStepCount sequences: events of step A in its completing window
 * @param sources indexes into the partition's source table of every feed with an event in the
 *     window
 * @param vip whether a VIP's event is in the window (as the VIP list stood when each event reached
 *     the rule)
 */
public record Decision(
    long windowStart,
    long windowEnd,
    int eventCount,
    boolean eventCountCapped,
    Integer distinctCount,
    int firstStepCount,
    long firstSeen,
    List<EventRef> evidence,
    int[] sources,
    boolean vip) {}
