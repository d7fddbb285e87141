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
}
