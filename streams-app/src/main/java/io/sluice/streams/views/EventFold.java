package io.sluice.streams.views;

import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.User;
import io.sluice.schemas.Verdict;
import org.apache.avro.specific.SpecificRecord;

/**
 * What each canonical record adds to the views (docs/views.md). Counter and list names are the
 * vocabulary {@link ViewAnswers} reads; every name is bounded (feeds, enum values), never a user or
 * an address, which go only into the capped top lists.
 */
final class EventFold implements ViewsProcessor.Fold<SpecificRecord> {
  @Override
  public void add(ViewStore views, SpecificRecord record) {
    if (record instanceof EmailUrlEvent e) {
      click(views, e);
    } else if (record instanceof AuthenticationEvent e) {
      login(views, e);
    } else if (record instanceof EmailFileEvent e) {
      attachment(views, e);
    } else if (record instanceof FindingEvent e) {
      finding(views, e);
    } else if (record instanceof DataSecurityEvent e) {
      dlp(views, e);
    }
    // other classes have no view of their own; the pipeline view counts them from metrics
  }

  private static void click(ViewStore views, EmailUrlEvent e) {
    long t = e.getMetadata().getTime().toEpochMilli();
    if (!e.getIsClick() || !views.observe(t)) {
      return;
    }
    boolean malicious = e.getVerdict() == Verdict.MALICIOUS;
    views.count(t, "clicks", 1);
    views.count(t, "clicks.action." + e.getAction().name(), 1);
    if (malicious) {
      views.count(t, "clicks.malicious", 1);
      views.count(t, "clicks.malicious.action." + e.getAction().name(), 1);
      views.top(t, "clicks.urls", e.getUrl());
      views.top(t, "clicks.domains", e.getUrlDomain());
      views.top(t, "clicks.users", name(e.getUser()));
    }
  }

  private static void login(ViewStore views, AuthenticationEvent e) {
    long t = e.getMetadata().getTime().toEpochMilli();
    if (!views.observe(t)) {
      return;
    }
    String feed = e.getMetadata().getSource();
    views.count(t, "auth." + e.getStatus().name(), 1);
    views.countHourly(t, "auth.feed." + feed + "." + e.getStatus().name(), 1);
    if (e.getStatus() == AuthStatus.FAILURE) {
      views.top(t, "auth.accounts", name(e.getUser()));
      views.top(t, "auth.ips", e.getSrcIp());
    }
  }

  private static void attachment(ViewStore views, EmailFileEvent e) {
    long t = e.getMetadata().getTime().toEpochMilli();
    if (!views.observe(t)) {
      return;
    }
    views.count(t, "email.attachments." + e.getVerdict().name(), 1);
    if (e.getVerdict() == Verdict.MALICIOUS || e.getVerdict() == Verdict.SUSPICIOUS) {
      views.top(t, "email.hashes", e.getFile().getSha256());
      target(views, t, e.getRecipient(), e.getSender());
    }
  }

  private static void finding(ViewStore views, FindingEvent e) {
    long t = e.getMetadata().getTime().toEpochMilli();
    if (!"impersonation".equals(e.getFindingType()) || !views.observe(t)) {
      return;
    }
    views.count(t, "email.impersonation", 1);
    target(views, t, e.getRecipient(), e.getSender());
  }

  private static void target(ViewStore views, long t, User recipient, String sender) {
    views.top(t, "email.recipients", name(recipient));
    views.top(t, "email.senders", sender);
    if (recipient != null && recipient.getVip()) {
      views.top(t, "email.vips", name(recipient));
    }
  }

  private static void dlp(ViewStore views, DataSecurityEvent e) {
    long t = e.getMetadata().getTime().toEpochMilli();
    if (!views.observe(t)) {
      return;
    }
    views.count(t, "dlp", 1);
    views.count(t, "dlp.action." + e.getAction().name(), 1);
    views.top(t, "dlp.users", name(e.getUser()));
    views.top(t, "dlp.policies", e.getPolicy());
  }

  private static String name(User user) {
    return user == null ? null : user.getName();
  }
}
