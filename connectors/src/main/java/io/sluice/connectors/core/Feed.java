package io.sluice.connectors.core;

/**
 * One vendor feed: knows how to fetch the page that follows a checkpoint position. It does no
 * retrying, sleeping or publishing; the {@link PollLoop} does those the same way for every vendor.
 */
public interface Feed {

  /** {@code <vendor>.<feed>}, e.g. {@code okta.system-log}: the {@code source} metric label. */
  String source();

  /** The raw topic the feed's records go to, e.g. {@code raw.okta.system-log}. */
  String topic();

  /**
   * The position to start from when no checkpoint exists yet (e.g. the first {@code since} URL).
   */
  String initialPosition();

  /**
   * Fetches the page at {@code position}.
   *
   * @throws VendorException classified failure; the checkpoint stays where it is
   * @throws InterruptedException when the connector is stopping
   */
  Page fetch(String position) throws VendorException, InterruptedException;

  /**
   * Called by the poll loop once {@code page} (the one {@link #fetch} returned last) is committed
   * to Kafka together with its checkpoint, or needed no commit (no records, position unchanged). A
   * feed may use it to remember what is already published (Graph skips sign-ins it committed
   * earlier in the same process when it re-reads its overlap window); the default does nothing.
   * Never called for a page whose publish failed.
   */
  default void committed(Page page) {}
}
